// Every flow keyboard-only: after page.goto, only page.keyboard (no clicks,
// no fills). What a flow does not test (a customer's chat, a claimed PIN) is
// set up through the API.
import { test, Page, request } from '@playwright/test';
import { BASE_URL, DEVICES, PASSWORD, endSessionsOf, expect, issuePin, person, step } from './support';

const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;

/** The focused element's accessible text, roughly: aria-label or text. */
const focusedText = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    return (el.getAttribute('aria-label') ?? el.innerText ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
  });

/** Presses Tab (or Shift+Tab) until the focused element's text matches;
 *  fails if it is not reached within `max` presses. */
async function tabTo(page: Page, name: RegExp, { back = false, max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (name.test(await focusedText(page))) return;
  }
  throw new Error(`Tab never reached ${name} (last focus: "${await focusedText(page)}")`);
}

/** Signs in with the keyboard only: the email field has focus on load. */
async function keyboardSignIn(page: Page, to: '/agent' | '/console', email: string) {
  await page.goto(to);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(to));
}

test('agent, keyboard only: open the conversation, Start remote assistance, Paste into chat, Send', async ({ browser }) => {
  const name = unique('Kai Keys');
  await issuePin(BASE_URL, name);
  const agent = await person(browser, 'agent');
  const page = agent.page;
  await step(agent, 'signs in', () => keyboardSignIn(page, '/agent', 'agent@example.com'));
  await step(agent, 'opens the conversation', async () => {
    await tabTo(page, new RegExp(name));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name })).toBeVisible();
  });
  let pin = '';
  await step(agent, 'opens the Remote Assist Session dialog', async () => {
    await tabTo(page, /^Start remote assistance$/);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Remote Assist Session' });
    await expect(dialog).toBeVisible();
    pin = ((await dialog.getByRole('img', { name: /^PIN / }).innerText()).match(/\d/g) ?? []).join('');
    expect(pin).toMatch(/^\d{6}$/);
    // Focus starts on the recommended link's Paste into chat.
    await expect(dialog.locator('button[data-recommended]')).toBeFocused();
  });
  await step(agent, 'pastes the desktop link into the chat and closes the dialog', async () => {
    const dialog = page.getByRole('dialog', { name: 'Remote Assist Session' });
    const desktop = dialog.getByRole('group', { name: 'Desktop link' }).getByRole('button', { name: 'Paste into chat' });
    while (!(await desktop.evaluate((el) => el === document.activeElement))) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await expect(dialog.getByText('The desktop link is in the chat input.')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Start remote assistance' })).toBeFocused();
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue(new RegExp(`\\?code=${pin}`));
  });
  await step(agent, 'sends it', async () => {
    await tabTo(page, /^Send$/);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('log').getByRole('link', { name: new RegExp(`\\?code=${pin}`) })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('');
  });
});

test('customer, keyboard only: from the link to the consent', async ({ browser }) => {
  const name = unique('Kim Keys');
  const { pin } = await issuePin(BASE_URL, name);
  const customer = await person(browser, 'customer', DEVICES.windows);
  const page = customer.page;
  await step(customer, 'opens the link and allows', async () => {
    await page.goto(`/?code=${pin}`);
    await expect(page.getByRole('link', { name: 'Windows' })).toBeVisible();
    await tabTo(page, /^Allow/);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').getByText('Waiting for the technician')).toBeVisible();
    await expect(page.getByRole('button', { name: 'End session' })).toBeVisible();
  });
  await endSessionsOf(name);
});

/** Claims a PIN through the API, as the consent button does. */
async function claimed(name: string, device_class: 'desktop' | 'mobile' = 'desktop') {
  const { pin } = await issuePin(BASE_URL, name);
  const api = await request.newContext({ baseURL: BASE_URL });
  expect((await api.post('/api/pins/claim', { data: { pin, device_class } })).ok()).toBe(true);
  await api.dispose();
}

test('technician, keyboard only: from Waiting to Active, Remote control and View only', async ({ browser }) => {
  const tech = await person(browser, 'technician');
  const page = tech.page;
  await step(tech, 'signs in', () => keyboardSignIn(page, '/console', 'tech@example.com'));
  const first = unique('Tia Keys');
  const second = unique('Tom Keys');
  await claimed(first);
  await claimed(second);
  const list = page.getByRole('listbox', { name: 'Sessions' });
  const row = (name: string) => list.getByRole('option', { name: new RegExp(name) });
  await expect(row(first).getByText('Waiting')).toBeVisible();
  await expect(row(second).getByText('Waiting')).toBeVisible();

  /** Moves the list's selection with the arrow keys to the named session. */
  async function selectWithArrows(name: string, back = false) {
    await tabTo(page, /^Sessions$/, { back });
    await expect(list).toBeFocused();
    await page.keyboard.press('Home');
    for (let i = 0; i < 200; i++) {
      if ((await row(name).getAttribute('aria-selected')) === 'true') return;
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`the arrow keys never reached ${name}`);
  }

  await step(tech, 'selects the first with the arrow keys, Enter, Remote control', async () => {
    await selectWithArrows(first);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Remote control' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(row(first).getByText('Active')).toBeVisible();
    await expect(page.getByRole('button', { name: 'End session' })).toBeFocused();
  });
  await step(tech, 'selects the second, Start Session, then View only', async () => {
    await selectWithArrows(second, true);
    await tabTo(page, /^Start Session$/);
    await page.keyboard.press('Enter');
    await tabTo(page, /^View only$/);
    await page.keyboard.press('Enter');
    await expect(row(second).getByText('Active')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Selected session' }).getByText('View only')).toBeVisible();
  });
  await endSessionsOf(first);
  await endSessionsOf(second);
});
