// Accessibility behaviour beyond the axe scans: live regions, the modal
// dialog pattern, the PIN read digit by digit, reflow at 320 px and at
// 200 % zoom, reduced motion.
import { test, Page, request } from '@playwright/test';
import { BASE_URL, DEVICES, SHORT_URL, PASSWORD, endSessionsOf, expect, issuePin, person, signIn, step } from './support';

const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;
const spoken = (pin: string) => pin.split('').join(' ');

async function claim(pin: string, base = BASE_URL) {
  const api = await request.newContext({ baseURL: base });
  const res = await api.post('/api/pins/claim', { data: { pin, device_class: 'desktop' } });
  expect(res.ok()).toBe(true);
  await api.dispose();
}

async function technicianApi() {
  const api = await request.newContext({ baseURL: BASE_URL });
  expect((await api.post('/api/auth/login', { data: { email: 'tech@example.com', password: PASSWORD } })).ok()).toBe(true);
  return api;
}

async function sessionId(api: Awaited<ReturnType<typeof technicianApi>>, customer: string) {
  const sessions = await (await api.get('/api/sessions')).json();
  return sessions.find((s: any) => s.customer_name === customer).id as string;
}

/** Opens the Remote Assist Session dialog for a new chat; returns the page. */
async function agentWithDialog(page: Page, name: string, base = BASE_URL) {
  const api = await request.newContext({ baseURL: base });
  expect((await api.post('/api/customer/conversations', { data: { name } })).ok()).toBe(true);
  await api.dispose();
  await page.goto(`${base}/agent`);
  await page.getByLabel('Email').fill('agent@example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: new RegExp(name) }).click();
  const opener = page.getByRole('button', { name: 'Start remote assistance' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Remote Assist Session' });
  await expect(dialog).toBeVisible();
  return { dialog, opener };
}

test.describe('live regions', () => {
  test('the console announces a new waiting session and its start', async ({ browser }) => {
    const tech = await person(browser, 'technician');
    await signIn(tech.page, 'tech@example.com', '/console');
    const live = tech.page.locator('#ra-console-announce');
    await expect(live).toHaveAttribute('role', 'status');
    const before = await live.innerText();
    const name = unique('Lia Live');
    const { pin } = await issuePin(BASE_URL, name);
    await claim(pin);
    await expect(live).toHaveText(new RegExp(`^New session waiting: ${name}`));
    expect(before).not.toContain(name);
    const api = await technicianApi();
    expect((await api.post(`/api/sessions/${await sessionId(api, name)}/start`, { data: { mode: 'view' } })).ok()).toBe(true);
    await expect(live).toHaveText(`Session active: ${name}`);
    await api.dispose();
    await endSessionsOf(name);
  });

  test('customer and agent hear the session become Active; new messages arrive in the log', async ({ browser }) => {
    const name = unique('Ari Live');
    const { pin } = await issuePin(BASE_URL, name);
    const customer = await person(browser, 'customer');
    await customer.page.goto(`/?code=${pin}`);
    const status = customer.page.locator('.ra-status[role="status"]');
    await expect(status).toHaveAttribute('aria-live', 'polite');
    await customer.page.getByRole('button', { name: /^Allow/ }).click();
    await expect(status).toContainText('Waiting for the technician');

    const agent = await person(browser, 'agent');
    await signIn(agent.page, 'agent@example.com', '/agent');
    await agent.page.getByRole('button', { name: new RegExp(name) }).click();
    const chip = agent.page.locator('.ra-chatbar__session[role="status"]');
    await expect(chip).toHaveText(/Waiting/);
    const log = agent.page.getByRole('log');
    const rows = await log.locator('li').count();

    const api = await technicianApi();
    expect((await api.post(`/api/sessions/${await sessionId(api, name)}/start`, { data: { mode: 'control' } })).ok()).toBe(true);
    await api.dispose();
    await step(customer, 'hears the session active', async () => {
      await expect(status).toContainText('Session active: remote control');
    });
    await step(agent, 'hears the session active, and the log grows', async () => {
      await expect(chip).toHaveText(/Active/);
      await expect.poll(() => log.locator('li').count()).toBeGreaterThan(rows);
      await expect(log.locator('li').last()).toContainText(/remote control/i);
    });
    await endSessionsOf(name);
  });

  test('the dialog announces that the PIN expired', async ({ browser }) => {
    const agent = await person(browser, 'agent');
    const { dialog } = await agentWithDialog(agent.page, unique('Eve Expiry'), SHORT_URL);
    const alert = dialog.getByRole('alert');
    await expect(dialog.getByRole('timer')).toBeVisible();
    await expect(alert).toHaveText('This PIN has expired. Create another PIN for the customer.', { timeout: 5_000 });
  });
});

test.describe('Remote Assist Session dialog: modal dialog pattern', () => {
  test('labelled by its title, Tab and Shift+Tab stay inside, Escape closes, focus returns', async ({ browser }) => {
    const agent = await person(browser, 'agent');
    const page = agent.page;
    const { dialog, opener } = await agentWithDialog(page, unique('Dee Dialog'));
    await expect(dialog).toHaveAttribute('aria-labelledby', 'ra-assist-title');
    await expect(page.locator('#ra-assist-title')).toHaveText('Remote Assist Session');
    const inside = () => dialog.evaluate((d) => d.contains(document.activeElement) && document.activeElement !== d);
    expect(await inside()).toBe(true);
    const seen = new Set<string>();
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      expect(await inside(), `Tab ${i + 1} left the dialog`).toBe(true);
      seen.add(await page.evaluate(() => document.activeElement!.outerHTML.slice(0, 80)));
    }
    // It cycles: more presses than controls, yet always inside.
    expect(seen.size).toBeGreaterThan(3);
    expect(seen.size).toBeLessThan(25);
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await inside(), `Shift+Tab ${i + 1} left the dialog`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
  });

  test('Close also returns focus to the opener', async ({ browser }) => {
    const agent = await person(browser, 'agent');
    const { dialog, opener } = await agentWithDialog(agent.page, unique('Cal Close'));
    await dialog.getByRole('button', { name: 'Close' }).press('Enter');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
  });
});

test.describe('the PIN is read digit by digit', () => {
  test('in the dialog', async ({ browser }) => {
    const agent = await person(browser, 'agent');
    const { dialog } = await agentWithDialog(agent.page, unique('Dot Digits'));
    const pin = dialog.getByRole('img', { name: /^PIN / });
    const shown = await pin.innerText();
    expect(shown).toMatch(/^\d{3} \d{3}$/);
    await expect(pin).toHaveAccessibleName(`PIN ${spoken(shown.replace(' ', ''))}`);
  });

  test('on the desktop and mobile pages', async ({ browser }) => {
    const { pin } = await issuePin(BASE_URL, unique('Dan Digits'));
    const desktop = await person(browser, 'desktop customer', DEVICES.windows);
    await desktop.page.goto(`/?code=${pin}`);
    const grouped = `${pin.slice(0, 3)} ${pin.slice(3)}`;
    const big = desktop.page.locator('.ra-pin');
    await expect(big).toHaveText(grouped);
    await expect(big).toHaveAttribute('role', 'img');
    await expect(big).toHaveAccessibleName(spoken(pin));
    await expect(desktop.page.locator('.ra-pin-inline')).toHaveAccessibleName(spoken(pin));
    const phone = await person(browser, 'phone customer', DEVICES.android);
    await phone.page.goto(`/${pin}`);
    await expect(phone.page.getByRole('img', { name: spoken(pin) })).toHaveText(grouped);
  });
});

/** Every page, in the state with the most on it, at one viewport width. */
async function everyPage(browser: import('@playwright/test').Browser, width: number, check: (page: Page, what: string) => Promise<void>) {
  const name = unique('Rae Reflow');
  const { pin, conversationId, token } = await issuePin(BASE_URL, name);
  const viewport = { width, height: 720 };
  const customer = await person(browser, 'customer', { ...DEVICES.windows, viewport } as any);
  const page = customer.page;
  await page.goto('/');
  await page.getByRole('button', { name: 'Continue' }).click();
  await check(page, '/ with an error');
  await page.goto(`/?code=${pin}`);
  await expect(page.getByRole('button', { name: /^Allow/ })).toBeVisible();
  await check(page, '/?code= desktop page');
  await page.goto('/chat');
  await expect(page.getByLabel('Your name')).toBeVisible();
  await check(page, '/chat start');
  await page.evaluate(([c, t]) => localStorage.setItem('ra.customer.chat', `${c}\n${t}`), [conversationId, token]);
  await page.reload();
  await page.getByRole('textbox', { name: 'Message' }).fill(`A long line without spaces: ${'x'.repeat(120)} https://example.com/${'y'.repeat(80)}`);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('log').locator('li')).toHaveCount(1);
  await check(page, '/chat with messages');

  const phone = await person(browser, 'phone', { ...DEVICES.android, viewport: { width: Math.min(width, 412), height: 800 } } as any);
  await phone.page.goto(`/${pin}`);
  await expect(phone.page.getByRole('link', { name: 'Open in app' })).toBeVisible();
  await check(phone.page, '/NNNNNN mobile page');

  const op = await person(browser, 'operator', { ...DEVICES.windows, viewport } as any);
  await op.page.goto('/login');
  await op.page.getByRole('button', { name: 'Sign in' }).click();
  await check(op.page, '/login with an error');
  await signIn(op.page, 'agent@example.com', '/agent');
  await op.page.getByRole('button', { name: new RegExp(name) }).click();
  await expect(op.page.getByRole('button', { name: 'Start remote assistance' })).toBeVisible();
  await check(op.page, '/agent with the chat open');
  await op.page.getByRole('button', { name: 'Start remote assistance' }).click();
  const dialog = op.page.getByRole('dialog', { name: 'Remote Assist Session' });
  await expect(dialog).toBeVisible();
  await check(op.page, '/agent with the dialog open');
  const body = await dialog.locator('.ra-dialog__body').evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(body[0], 'the dialog scrolls sideways').toBeLessThanOrEqual(body[1]);
  await op.page.keyboard.press('Escape');

  // The dialog replaced the first PIN: claim a new one for the console.
  await claim((await issuePin(BASE_URL, name)).pin);
  await op.page.goto('/console');
  const row = op.page.getByRole('option', { name: new RegExp(name) });
  await row.click();
  await op.page.getByRole('button', { name: 'Start Session' }).click();
  await expect(op.page.getByRole('button', { name: 'View only' })).toBeVisible();
  await check(op.page, '/console with a session selected, mode choice open');
  await endSessionsOf(name);
}

/** Elements that stick out of the window, or that scroll or clip sideways
 *  inside a pane (the page itself may not scroll while a pane hides half of
 *  its content). Text cut with an ellipsis is allowed. */
const overflowing = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.closest('.ra-visually-hidden')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const name = `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ')[0]}`;
      if (box.left < -1 || box.right > width + 1) found.push(`${name} spans ${Math.round(box.left)}..${Math.round(box.right)}`);
      const sideways = el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible' && style.textOverflow !== 'ellipsis';
      if (sideways) found.push(`${name} hides ${el.scrollWidth - el.clientWidth} px sideways`);
    }
    return found;
  });

for (const width of [320, 640]) {
  test(`every page reflows at ${width} px without scrolling sideways${width === 640 ? ' (200 % zoom of 1280 px)' : ''}`, async ({ browser }) => {
    await everyPage(browser, width, async (page, what) => {
      const [scroll, client] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      expect(scroll, `${what} at ${width} px: ${scroll} > ${client}`).toBeLessThanOrEqual(client);
      expect(await overflowing(page), `${what} at ${width} px: cut off or scrolling sideways`).toEqual([]);
    });
  });
}

test('prefers-reduced-motion: reduce stops animations and transitions', async ({ browser }) => {
  const name = unique('Mo Motion');
  const tech = await person(browser, 'technician');
  await signIn(tech.page, 'tech@example.com', '/console');
  const style = (selector: string, property: 'animationName' | 'transitionDuration') =>
    tech.page.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], property);
  const still = (durations: string) => durations.split(',').every((d) => d.trim() === '0s');
  const { pin } = await issuePin(BASE_URL, name);
  await claim(pin);
  await expect(tech.page.locator('.ra-session--new')).toHaveCount(1);
  // Without the preference the new row pulses…
  await tech.page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(await style('.ra-session--new', 'animationName')).toBe('ra-pulse');
  // …with it, it does not.
  await tech.page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await style('.ra-session--new', 'animationName')).toBe('none');
  // The chat's connection banner slides in, except under the preference.
  await tech.page.getByRole('option', { name: new RegExp(name) }).click();
  await expect(tech.page.locator('.ra-chat__offline')).toHaveCount(1);
  await tech.page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(still(await style('.ra-chat__offline', 'transitionDuration'))).toBe(false);
  await tech.page.emulateMedia({ reducedMotion: 'reduce' });
  expect(still(await style('.ra-chat__offline', 'transitionDuration'))).toBe(true);
  await endSessionsOf(name);
});

test('focus is visible: a 3 px outline with at least 3:1 contrast', async ({ browser }) => {
  const customer = await person(browser, 'customer');
  await customer.page.goto('/');
  await expect(customer.page.getByLabel('PIN')).toBeVisible();
  await customer.page.keyboard.press('Tab');
  await expect(customer.page.getByLabel('PIN')).toBeFocused();
  const outline = await customer.page.evaluate(() => {
    const s = getComputedStyle(document.activeElement as HTMLElement);
    return { style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor };
  });
  expect(outline.style).toBe('solid');
  expect(parseFloat(outline.width)).toBeGreaterThanOrEqual(2);
  const rgb = (outline.color.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  const lum = (c: number[]) =>
    c
      .map((v) => v / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const contrast = (1 + 0.05) / (lum(rgb) + 0.05);
  expect(contrast, `outline ${outline.color} on white`).toBeGreaterThanOrEqual(3);
});

test('focus is visible on every control Tab reaches on the Agent Desktop', async ({ browser }) => {
  const name = unique('Fay Focus');
  await issuePin(BASE_URL, name);
  const agent = await person(browser, 'agent');
  await signIn(agent.page, 'agent@example.com', '/agent');
  await agent.page.getByRole('button', { name: new RegExp(name) }).click();
  await expect(agent.page.getByRole('button', { name: 'Start remote assistance' })).toBeVisible();
  const seen: string[] = [];
  // From the open conversation forwards to the end, then backwards to the top.
  for (const key of ['Tab', 'Shift+Tab']) {
    await agent.page.getByRole('button', { name: new RegExp(name) }).focus();
    for (let i = 0; i < 40; i++) {
      await agent.page.keyboard.press(key);
      const ring = await agent.page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        if (el === document.body) return null;
        const s = getComputedStyle(el);
        return { what: el.outerHTML.slice(0, 60), style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
      });
      // Past the last control focus leaves the page for the browser's UI.
      if (ring === null) break;
      seen.push(ring.what);
      expect(ring.style, `no focus outline on ${ring.what}`).toBe('solid');
      expect(ring.width, `thin focus outline on ${ring.what}`).toBeGreaterThanOrEqual(2);
    }
  }
  expect(new Set(seen).size).toBeGreaterThan(8);
});
