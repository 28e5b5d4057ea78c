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

// Ports of the two servers the flows run against; RA_E2E_PORT moves both
// (the second is the next port), so several checkouts can test at once.
export const PORT = Number(process.env.RA_E2E_PORT ?? 8090);
export const SHORT_PORT = PORT + 1;

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: chromium,
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
      testIgnore: [/.*\.mobile\.spec\.ts/, /rtc\.spec\.ts/],
    },
    {
      // The browser view session: a synthetic screen for getDisplayMedia.
      name: 'rtc',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          ...chromium,
          args: [...chromium.args, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
        },
      },
      testMatch: /rtc\.spec\.ts/,
    },
    {
      name: 'phone',
      use: { ...devices['Pixel 7'], launchOptions: chromium },
      testMatch: /.*\.mobile\.spec\.ts/,
    },
  ],
  webServer: [
    {
      command: `RA_E2E_PORT=${PORT} ./start-server.sh`,
      url: `http://127.0.0.1:${PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // PINs that expire in 2 s, a small guess budget (3 free failures), and
      // waiting sessions that warn after 2 s and time out after 8 s.
      command: `RA_E2E_PORT=${SHORT_PORT} RA_PIN_TTL_SECS=2 RA_GUESS_FREE=3 RA_WAITING_WARN_SECS=2 RA_WAITING_TIMEOUT_SECS=8 ./start-server.sh`,
      url: `http://127.0.0.1:${SHORT_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
