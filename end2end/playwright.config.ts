import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium; Playwright never downloads a browser here.
const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--autoplay-policy=no-user-gesture-required',
  ],
};

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:8090',
    launchOptions: chromium,
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
      testIgnore: /.*\.mobile\.spec\.ts/,
    },
    {
      name: 'phone',
      use: { ...devices['Pixel 7'], launchOptions: chromium },
      testMatch: /.*\.mobile\.spec\.ts/,
    },
  ],
  webServer: [
    {
      command: './start-server.sh',
      url: 'http://127.0.0.1:8090/healthz',
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // PINs that expire in 2 s and a small guess budget (3 free failures).
      command: 'RA_E2E_PORT=8091 RA_PIN_TTL_SECS=2 RA_GUESS_FREE=3 ./start-server.sh',
      url: 'http://127.0.0.1:8091/healthz',
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
