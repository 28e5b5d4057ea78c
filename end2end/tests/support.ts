import { test, expect, Browser, BrowserContext, Page, devices } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

/** The flows' main server, and the one with 2-second PINs and a small guess budget. */
export const BASE_URL = `http://127.0.0.1:${Number(process.env.RA_E2E_PORT ?? 8090)}`;
export const SHORT_URL = `http://127.0.0.1:${Number(process.env.RA_E2E_PORT ?? 8090) + 1}`;

export const PASSWORD = 'correct horse battery staple';
export const SHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

/** A person in a scenario: their own browser context and page. */
export interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
}

export const DEVICES = {
  windows: {
    ...devices['Desktop Chrome'],
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  },
  mac: {
    ...devices['Desktop Safari'],
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  },
  iphone: devices['iPhone 14'],
  android: devices['Pixel 7'],
  ipad: devices['iPad (gen 7)'],
  /** iPadOS 13+ Safari claims to be a Mac; only touch points tell. */
  ipadAsMac: {
    viewport: { width: 820, height: 1180 },
    hasTouch: true,
    isMobile: false,
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  },
} as const;

const opened: BrowserContext[] = [];

// Every person's browser closes with the test that opened it.
test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

export async function person(
  browser: Browser,
  name: string,
  device: (typeof DEVICES)[keyof typeof DEVICES] | Record<string, never> = DEVICES.windows,
): Promise<Person> {
  const context = await browser.newContext({ ...device });
  opened.push(context);
  if (device === DEVICES.ipadAsMac) {
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'maxTouchPoints', { get: () => 5 });
    });
  }
  const page = await context.newPage();
  return { name, context, page };
}

/**
 * One step of a scenario on one person's screen. On failure it saves that
 * screen and says which step and whose screen failed, and where the
 * screenshot is.
 */
export async function step(who: Person, title: string, body: () => Promise<void>, shot?: string) {
  await test.step(`${who.name}: ${title}`, async () => {
    try {
      await body();
    } catch (error) {
      fs.mkdirSync(path.join(SHOTS, 'failures'), { recursive: true });
      const file = path.join(SHOTS, 'failures', `${who.name}-${title.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await who.page.screenshot({ path: file, fullPage: true }).catch(() => {});
      throw new Error(`Step "${title}" failed on ${who.name}'s screen (screenshot: ${file}):\n${error}`);
    }
    if (shot) {
      fs.mkdirSync(SHOTS, { recursive: true });
      await who.page.screenshot({ path: path.join(SHOTS, `${shot}.png`) });
    }
  });
}

export async function signIn(page: Page, email: string, to: '/agent' | '/console') {
  await page.goto(to);
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(to));
}

export { expect };

/** Clicks Start remote assistance and returns the dialog and its PIN, once
 *  the PIN is in (the dialog opens at once and says "Creating a PIN…"). */
export async function openAssistDialog(page: Page) {
  await page.getByRole('button', { name: 'Start remote assistance' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remote Assist Session' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(/\?code=\d{6}/)).toBeVisible();
  const text = (await dialog.innerText()).replace(/\s+/g, ' ');
  const pin = (text.match(/\b(\d{3}) ?(\d{3})\b/) ?? []).slice(1).join('');
  expect(pin).toMatch(/^\d{6}$/);
  return { dialog, pin };
}

/**
 * Sets up through the API what a flow does not test: a customer's chat and
 * a PIN the agent issued for it. Returns the PIN and the customer's token.
 */
export async function issuePin(baseURL = BASE_URL, customerName = 'API customer') {
  const { request } = await import('@playwright/test');
  const api = await request.newContext({ baseURL });
  const chat = await (await api.post('/api/customer/conversations', { data: { name: customerName } })).json();
  const login = await api.post('/api/auth/login', { data: { email: 'agent@example.com', password: PASSWORD } });
  expect(login.ok()).toBe(true);
  const issued = await api.post(`/api/conversations/${chat.conversation_id}/pins`, { data: {} });
  expect(issued.ok()).toBe(true);
  const pin = (await issued.json()).pin as string;
  await api.dispose();
  return { pin, conversationId: chat.conversation_id as string, token: chat.token as string };
}

/** Whether a PIN can still be used, asked the way manual entry asks. */
export async function pinIsValid(pin: string, baseURL = BASE_URL) {
  const { request } = await import('@playwright/test');
  const api = await request.newContext({ baseURL });
  const res = await api.post('/api/pins/check', { data: { pin } });
  await api.dispose();
  return res.ok();
}

/**
 * Ends, as a technician through the API, the live sessions of a customer a
 * flow left behind, so that the shared server's queue stays short for the
 * flows that follow.
 */
export async function endSessionsOf(customerName: string, baseURL = BASE_URL) {
  const { request } = await import('@playwright/test');
  const api = await request.newContext({ baseURL });
  const login = await api.post('/api/auth/login', { data: { email: 'tech2@example.com', password: PASSWORD } });
  expect(login.ok()).toBe(true);
  const sessions = (await (await api.get('/api/sessions')).json()) as { id: string; customer_name: string; status: string }[];
  for (const s of sessions.filter((s) => s.customer_name === customerName && ['waiting', 'active'].includes(s.status))) {
    expect((await api.post(`/api/sessions/${s.id}/end`)).ok()).toBe(true);
  }
  await api.dispose();
}
