// Customer pages on each device: every link lands on the page for the
// device, with the right store or download; manual entry; link previews.
import { test } from '@playwright/test';
import { DEVICES, expect, issuePin, person, pinIsValid, SHORT_URL, step } from './support';

const cases = [
  { device: 'windows', page: 'desktop', expect: ['Windows'], absent: ['macOS'] },
  { device: 'mac', page: 'desktop', expect: ['macOS'], absent: ['Windows'] },
  { device: 'iphone', page: 'mobile', expect: ['App Store'], absent: ['Google Play'] },
  { device: 'ipad', page: 'mobile', expect: ['App Store'], absent: ['Google Play'] },
  { device: 'ipadAsMac', page: 'mobile', expect: ['App Store'], absent: ['Google Play'] },
  { device: 'android', page: 'mobile', expect: ['Google Play'], absent: ['App Store'] },
] as const;

for (const c of cases) {
  for (const kind of ['desktop link', 'mobile link'] as const) {
    test(`${kind} on ${c.device} lands on the ${c.page} page`, async ({ browser }) => {
      const { pin } = await issuePin();
      const customer = await person(browser, `customer on ${c.device}`, DEVICES[c.device]);
      await step(customer, `opens the ${kind}`, async () => {
        await customer.page.goto(kind === 'desktop link' ? `/?code=${pin}` : `/${pin}`);
        for (const name of c.expect) {
          await expect(customer.page.getByRole('link', { name: new RegExp(name) }).first()).toBeVisible();
        }
        for (const name of c.absent) {
          await expect(customer.page.getByRole('link', { name: new RegExp(name) })).toHaveCount(0);
        }
        const consent =
          c.page === 'mobile'
            ? 'Allow the technician to see your screen'
            : 'Allow the technician to see and control your screen';
        await expect(customer.page.getByRole('button', { name: consent })).toBeVisible();
        // The code leaves the address bar once read; opening claims nothing.
        await expect(customer.page).toHaveURL(/\/$/);
        expect(await pinIsValid(pin)).toBe(true);
      });
    });
  }
}

test('consent claims the PIN once; the same PIN then fails', async ({ browser }) => {
  const { pin } = await issuePin();
  const customer = await person(browser, 'customer');
  await customer.page.goto(`/?code=${pin}`);
  await customer.page.getByRole('button', { name: /^Allow/ }).click();
  await expect(customer.page.getByText(/Waiting for the technician/i)).toBeVisible();
  expect(await pinIsValid(pin)).toBe(false);
  await customer.page.getByRole('button', { name: 'End session' }).click();
  await expect(customer.page.getByText('Session ended')).toBeVisible();
});

for (const bot of [
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'WhatsApp/2.23.20.0 A',
  'TelegramBot (like TwitterBot)',
]) {
  test(`a link preview by ${bot.split(/[ /]/)[0]} leaves the PIN claimable`, async ({ browser }) => {
    const { pin } = await issuePin();
    const context = await browser.newContext({ userAgent: bot });
    const page = await context.newPage();
    for (const path of [`/?code=${pin}`, `/${pin}`]) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
    }
    await context.close();
    expect(await pinIsValid(pin)).toBe(true);
  });
}

test.describe('manual entry at /', () => {
  test('a good PIN with spaces continues to the page for the device', async ({ browser }) => {
    const { pin } = await issuePin();
    const customer = await person(browser, 'customer');
    await customer.page.goto('/');
    await customer.page.getByLabel('PIN').fill(`${pin.slice(0, 3)} ${pin.slice(3)}`);
    await customer.page.getByRole('button', { name: 'Continue' }).click();
    await expect(customer.page.getByRole('link', { name: /Windows/ })).toBeVisible();
    expect(await pinIsValid(pin)).toBe(true);
  });

  test('an ill-formed PIN is refused at the field, without asking the service', async ({ browser }) => {
    const customer = await person(browser, 'customer');
    let asked = 0;
    customer.page.on('request', (r) => r.url().includes('/api/pins/') && asked++);
    await customer.page.goto('/');
    for (const typed of ['12ab56', '１２３４５６', '12345']) {
      await customer.page.getByLabel('PIN').fill(typed);
      await customer.page.getByRole('button', { name: 'Continue' }).click();
      await expect(customer.page.getByLabel('PIN')).toHaveAttribute('aria-invalid', 'true');
    }
    expect(asked).toBe(0);
  });

  test('a wrong PIN gets the neutral message', async ({ browser }) => {
    const customer = await person(browser, 'customer');
    await customer.page.goto('/');
    await customer.page.getByLabel('PIN').fill('000000');
    await customer.page.getByRole('button', { name: 'Continue' }).click();
    await expect(customer.page.getByText(/This PIN doesn.t work/)).toBeVisible();
  });

  test('an expired PIN gets the same neutral message', async ({ browser }) => {
    const base = SHORT_URL;
    const { pin } = await issuePin(base);
    await new Promise((r) => setTimeout(r, 3_000));
    const customer = await person(browser, 'customer');
    await customer.page.goto(`${base}/`);
    await customer.page.getByLabel('PIN').fill(pin);
    await customer.page.getByRole('button', { name: 'Continue' }).click();
    await expect(customer.page.getByText(/This PIN doesn.t work/)).toBeVisible();
  });

  test('when the service limits attempts, the page says how long to wait', async ({ browser }) => {
    // Runs after the expiry test on the same small-budget server.
    const customer = await person(browser, 'customer');
    await customer.page.goto(`${SHORT_URL}/`);
    const wait = customer.page.getByText(/Too many tries\. Wait (a second|\d+ seconds|\d+ minutes) and try again/);
    for (let i = 0; i < 6 && !(await wait.isVisible()); i++) {
      await customer.page.getByLabel('PIN').fill('000000');
      await customer.page.getByRole('button', { name: 'Continue' }).click();
      await expect(customer.page.getByText(/This PIN doesn.t work|Too many tries/)).toBeVisible();
    }
    await expect(wait).toBeVisible();
  });

  test('an ill-formed link code shows manual entry with a message', async ({ browser }) => {
    const customer = await person(browser, 'customer');
    await customer.page.goto('/?code=12x456');
    await expect(customer.page.getByLabel('PIN')).toBeVisible();
    await expect(customer.page.getByText('The link you opened has no valid PIN in it.', { exact: false })).toBeVisible();
  });
});
