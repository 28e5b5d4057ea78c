// WCAG 2.2 AA: axe-core scans every page, in English and in Japanese, in
// each state a user meets (errors shown, the dialog open, every session
// state). No rule is disabled and no element excluded.
import { test, Browser, BrowserContext, BrowserContextOptions, Page, request } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { BASE_URL, DEVICES, PASSWORD, SHORT_URL, endSessionsOf, expect, issuePin } from './support';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const LANGUAGES = [
  { lang: 'en', locale: 'en-US' },
  { lang: 'ja', locale: 'ja-JP' },
] as const;

/** Scans the page as it is now; prints the count for the closing note and
 *  fails with every rule id and target when it is not 0. */
async function scan(page: Page, what: string, lang: string) {
  // The page really is in the language scanned.
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} :: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
  );
  console.log(`axe [${lang}] ${what}: ${results.violations.length} violations`);
  expect(found, `axe violations on ${what} [${lang}]`).toEqual([]);
}

const opened: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function open(browser: Browser, locale: string, device: BrowserContextOptions = DEVICES.windows) {
  const context = await browser.newContext({ ...device, locale });
  opened.push(context);
  return context.newPage();
}

async function signIn(page: Page, base: string, to: '/agent' | '/console', email = 'agent@example.com') {
  await page.goto(`${base}${to}`);
  await expect(page).toHaveURL(/\/login/);
  await page.locator('#ra-login-email').fill(email);
  await page.locator('#ra-login-password').fill(PASSWORD);
  await page.locator('#ra-login-password').press('Enter');
  await expect(page).toHaveURL(new RegExp(to));
}

/** A technician's API session, to move sessions along where the page under
 *  test is not the console. */
async function technicianApi(base = BASE_URL) {
  const api = await request.newContext({ baseURL: base });
  const login = await api.post('/api/auth/login', { data: { email: 'tech@example.com', password: PASSWORD } });
  expect(login.ok()).toBe(true);
  return api;
}

/** Claims a PIN through the API, as the consent button does. */
async function claim(pin: string, base = BASE_URL, device_class: 'desktop' | 'mobile' = 'desktop') {
  const api = await request.newContext({ baseURL: base });
  const res = await api.post('/api/pins/claim', { data: { pin, device_class } });
  expect(res.ok()).toBe(true);
  const body = await res.json();
  await api.dispose();
  return body as { session_id: string; session_token: string };
}

const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;

for (const { lang, locale } of LANGUAGES) {
  test.describe(`axe, ${lang}`, () => {
    test(`customer: PIN entry, empty and with an error [${lang}]`, async ({ browser }) => {
      const page = await open(browser, locale);
      await page.goto('/');
      await expect(page.locator('#ra-pin')).toBeVisible();
      await scan(page, '/ (empty)', lang);
      await page.locator('#ra-pin').press('Enter');
      await expect(page.locator('#ra-pin')).toHaveAttribute('aria-invalid', 'true');
      await scan(page, '/ (error shown)', lang);
    });

    test(`customer: wrong and malformed links [${lang}]`, async ({ browser }) => {
      const page = await open(browser, locale);
      await page.goto('/?code=12x456');
      await expect(page.locator('#ra-pin-link')).toBeVisible();
      await scan(page, '/?code=12x456 (malformed link)', lang);
      await page.goto('/?code=000000');
      await page.locator('.ra-claim__allow').click();
      await expect(page.locator('.ra-claim__problem')).not.toBeEmpty();
      await scan(page, '/?code=000000 (wrong or expired PIN refused)', lang);
    });

    test(`customer: desktop page through every session state [${lang}]`, async ({ browser }) => {
      const name = unique('Axe Desk');
      const { pin } = await issuePin(BASE_URL, name);
      const page = await open(browser, locale);
      await page.goto(`/?code=${pin}`);
      await expect(page.locator('.ra-claim__allow')).toBeVisible();
      await expect(page.locator('.ra-download').first()).toHaveAttribute('href', /.+/);
      await scan(page, '/?code=… (desktop page, consent)', lang);
      await page.locator('.ra-claim__allow').click();
      await expect(page.locator('.ra-status')).toHaveAttribute('data-state', 'waiting');
      await scan(page, '/?code=… (Waiting)', lang);
      const tech = await technicianApi();
      const sessions = await (await tech.get('/api/sessions')).json();
      const id = sessions.find((s: any) => s.customer_name === name).id as string;
      expect((await tech.post(`/api/sessions/${id}/start`, { data: { mode: 'control' } })).ok()).toBe(true);
      await expect(page.locator('.ra-status')).toHaveAttribute('data-state', 'active');
      await scan(page, '/?code=… (Active)', lang);
      expect((await tech.post(`/api/sessions/${id}/end`)).ok()).toBe(true);
      await expect(page.locator('.ra-status')).toHaveAttribute('data-state', 'ended');
      await scan(page, '/?code=… (Ended)', lang);
      await tech.dispose();
    });

    test(`customer: mobile page on a phone [${lang}]`, async ({ browser }) => {
      const { pin } = await issuePin(BASE_URL, unique('Axe Phone'));
      const page = await open(browser, locale, DEVICES.android);
      await page.goto(`/${pin}`);
      await expect(page.locator('.ra-claim__allow')).toBeVisible();
      await expect(page.locator('.ra-open-app')).toBeVisible();
      await scan(page, '/NNNNNN (mobile page, phone)', lang);
    });

    test(`customer: chat, start form and a live chat [${lang}]`, async ({ browser }) => {
      const page = await open(browser, locale);
      await page.goto('/chat');
      await expect(page.locator('#ra-chat-name')).toBeVisible();
      await scan(page, '/chat (start form)', lang);
      const name = unique('Axe Chat');
      const { pin, conversationId, token } = await issuePin(BASE_URL, name);
      await page.evaluate(([c, t]) => localStorage.setItem('ra.customer.chat', `${c}\n${t}`), [conversationId, token]);
      await page.reload();
      const field = page.locator('#ra-chat-message');
      await field.fill('Hello, my printer is offline.');
      await field.press('Enter');
      await expect(page.getByRole('log').getByText('Hello, my printer is offline.')).toBeVisible();
      await claim(pin);
      await expect(page.locator('.ra-msg--system').first()).toBeVisible();
      await expect(page.locator('.ra-msg__status').filter({ hasText: /./ }).first()).toBeVisible();
      await scan(page, '/chat (messages and a system message)', lang);
      await endSessionsOf(name);
    });

    test(`operator: sign-in, empty and with errors [${lang}]`, async ({ browser }) => {
      const page = await open(browser, locale);
      await page.goto('/login');
      await expect(page.locator('#ra-login-email')).toBeVisible();
      await scan(page, '/login (empty)', lang);
      await page.locator('#ra-login-email').press('Enter');
      await expect(page.locator('#ra-login-email')).toHaveAttribute('aria-invalid', 'true');
      await scan(page, '/login (field error)', lang);
      await page.locator('#ra-login-email').fill('agent@example.com');
      await page.locator('#ra-login-password').fill('not the password');
      await page.locator('#ra-login-password').press('Enter');
      await expect(page.locator('.ra-login__error')).not.toBeEmpty();
      await scan(page, '/login (wrong password)', lang);
    });

    test(`agent: list, chat and the Remote Assist Session dialog [${lang}]`, async ({ browser }) => {
      const name = unique('Axe Agent');
      await issuePin(BASE_URL, name);
      const page = await open(browser, locale);
      await signIn(page, BASE_URL, '/agent');
      const conversation = page.locator('.ra-conv__button', { hasText: name });
      await expect(conversation).toBeVisible();
      await scan(page, '/agent (list)', lang);
      await conversation.click();
      await expect(page.locator('.ra-chatbar__assist')).toBeVisible();
      await expect(page.locator('.ra-msg--system').first()).toBeVisible();
      await scan(page, '/agent (chat open)', lang);
      await page.locator('.ra-chatbar__assist').click();
      const dialog = page.locator('dialog.ra-assist');
      await expect(dialog).toBeVisible();
      await expect(dialog.locator('.ra-assist__pin-value')).toHaveText(/\d{3} \d{3}/);
      await expect(dialog.locator('.ra-presence')).not.toHaveText(/Checking/);
      await scan(page, '/agent (Remote Assist Session dialog open)', lang);
      await dialog.locator('[data-recommended]').click();
      await expect(dialog.locator('.ra-assist__pasted')).not.toBeEmpty();
      await scan(page, '/agent (dialog, link pasted)', lang);
    });

    test(`agent: dialog with an expired PIN [${lang}]`, async ({ browser }) => {
      const name = unique('Axe Expiry');
      const api = await request.newContext({ baseURL: SHORT_URL });
      expect((await api.post('/api/customer/conversations', { data: { name } })).ok()).toBe(true);
      await api.dispose();
      const page = await open(browser, locale);
      await signIn(page, SHORT_URL, '/agent');
      await page.locator('.ra-conv__button', { hasText: name }).click();
      await page.locator('.ra-chatbar__assist').click();
      const dialog = page.locator('dialog.ra-assist');
      await expect(dialog).toBeVisible();
      await expect(dialog.locator('.ra-assist__expired')).toBeVisible({ timeout: 5_000 });
      await scan(page, '/agent (dialog, PIN expired)', lang);
    });

    test(`console: list, Waiting, Active, Ended [${lang}]`, async ({ browser }) => {
      const name = unique('Axe Console');
      const page = await open(browser, locale);
      await signIn(page, BASE_URL, '/console', 'tech@example.com');
      await expect(page.locator('#ra-session-list')).toBeVisible();
      await scan(page, '/console (nothing selected)', lang);
      const { pin } = await issuePin(BASE_URL, name);
      await claim(pin);
      const row = page.locator('.ra-session', { hasText: name });
      await expect(row).toHaveClass(/ra-session--waiting/);
      await scan(page, '/console (new session Waiting)', lang);
      await row.click();
      await expect(page.locator('#ra-start-session')).toBeVisible();
      await scan(page, '/console (Waiting selected)', lang);
      await page.locator('#ra-start-session').click();
      await expect(page.locator('.ra-mode')).toBeVisible();
      await scan(page, '/console (mode choice)', lang);
      await page.locator('.ra-mode__button').first().click();
      await expect(row).toHaveClass(/ra-session--active/);
      await expect(page.locator('#ra-end-session')).toBeVisible();
      await scan(page, '/console (Active)', lang);
      await page.locator('#ra-end-session').click();
      await expect(page.locator('.ra-session', { hasText: name })).toHaveClass(/ra-session--ended/);
      await scan(page, '/console (Ended)', lang);
    });

    test(`console: a session that timed out [${lang}]`, async ({ browser }) => {
      // The second server times waiting sessions out after a few seconds.
      const name = unique('Axe Timeout');
      const page = await open(browser, locale);
      await signIn(page, SHORT_URL, '/console', 'tech@example.com');
      const { pin } = await issuePin(SHORT_URL, name);
      await claim(pin, SHORT_URL);
      const row = page.locator('.ra-session', { hasText: name });
      await expect(row).toHaveClass(/ra-session--warn/, { timeout: 5_000 });
      await scan(page, '/console (long wait warning)', lang);
      await expect(row).toHaveClass(/ra-session--timed_out/, { timeout: 10_000 });
      await row.click();
      await scan(page, '/console (Timed out selected)', lang);
    });
  });
}
