// Two languages: a Japanese customer and an English agent in the same
// conversation each read the remote-assist events in their own language; the
// switcher changes the language at once and is remembered; times follow the
// reader's language.
import { test } from '@playwright/test';
import { DEVICES, expect, openAssistDialog, person, signIn, step } from './support';

test.describe.configure({ mode: 'serial' });

test('a Japanese customer and an English agent each read the events in their own language', async ({ browser }) => {
  const name = `Sato ${Date.now() % 100000}`;
  const customer = await person(browser, 'customer', { ...DEVICES.windows, locale: 'ja-JP' } as any);
  const agent = await person(browser, 'agent', DEVICES.windows);

  await step(customer, 'starts a chat in Japanese', async () => {
    await customer.page.goto('/chat');
    await expect(customer.page.locator('html')).toHaveAttribute('lang', 'ja');
    await expect(customer.page.getByRole('heading', { level: 1 })).toHaveText('サポートチャット');
    await customer.page.getByLabel('お名前').fill(name);
    await customer.page.getByRole('button', { name: 'チャットを開始' }).click();
    await customer.page.getByRole('textbox', { name: 'メッセージ' }).fill('画面が動きません。');
    await customer.page.getByRole('button', { name: '送信', exact: true }).click();
    await expect(customer.page.getByRole('log').getByText('画面が動きません。')).toBeVisible();
  });

  let pin = '';
  await step(agent, 'opens the chat in English and creates a PIN', async () => {
    await signIn(agent.page, 'agent@example.com', '/agent');
    await expect(agent.page.locator('html')).toHaveAttribute('lang', 'en');
    await agent.page.getByRole('button', { name: new RegExp(name) }).first().click();
    await expect(agent.page.getByRole('log').getByText('画面が動きません。')).toBeVisible();
    const opened = await openAssistDialog(agent.page);
    pin = opened.pin;
    await opened.dialog.getByRole('button', { name: 'Close' }).click();
  });

  await step(customer, 'opens the desktop link in Japanese and allows', async () => {
    const page = await customer.context.newPage();
    await page.goto(`/?code=${pin}`);
    await expect(page.getByRole('heading', { level: 2 })).toHaveText('このパソコンでサポートを受ける');
    await page.getByRole('button', { name: /^技術者による画面の表示と操作を許可する/ }).click();
    await expect(page.getByRole('status').getByText('技術者を待っています')).toBeVisible();
  });

  await step(customer, 'reads the events in Japanese', async () => {
    const log = customer.page.getByRole('log');
    await expect(log.getByText('お客様がパソコン · Windowsでリモートサポートを承認しました。')).toBeVisible();
    await expect(log.getByText('セッションは技術者の対応を待っています。')).toBeVisible();
    await expect(log.getByText('The session is waiting for a technician.')).toHaveCount(0);
    // The agent-only PIN event is not shown to the customer.
    await expect(log.getByText(/PIN/)).toHaveCount(0);
  });

  await step(agent, 'reads the same events in English', async () => {
    const log = agent.page.getByRole('log');
    await expect(log.getByText(new RegExp(`PIN ${pin.slice(0, 3)} ?${pin.slice(3)} created\\.`))).toBeVisible();
    await expect(log.getByText('The customer accepted remote assistance on Desktop · Windows.')).toBeVisible();
    await expect(log.getByText('The session is waiting for a technician.')).toBeVisible();
    await expect(log.getByText('セッションは技術者の対応を待っています。')).toHaveCount(0);
  });

  await step(customer, 'sees times in Japanese (24-hour clock)', async () => {
    const time = await customer.page.getByRole('log').locator('time').first().innerText();
    expect(time.trim()).toMatch(/^\d{1,2}:\d{2}$/);
  });
  await step(agent, 'sees times in English (12-hour clock)', async () => {
    const time = await agent.page.getByRole('log').locator('time').first().innerText();
    expect(time.trim()).toMatch(/^\d{1,2}:\d{2}\s?(AM|PM)$/);
  });
});

test('the switcher changes the language at once and is remembered', async ({ browser }) => {
  const visitor = await person(browser, 'visitor', DEVICES.windows);
  const page = visitor.page;
  await step(visitor, 'switches the PIN page to Japanese', async () => {
    await page.goto('/');
    await expect(page.getByLabel('PIN', { exact: true })).toBeVisible();
    await page.getByLabel('Language').selectOption('ja');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('リモートサポート');
    await expect(page.getByLabel('PINコード', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: '次へ' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await expect(page).toHaveTitle('PINコードの入力 · リモートサポート');
  });
  await step(visitor, 'still reads Japanese after a reload', async () => {
    await page.reload();
    await expect(page.getByLabel('PINコード', { exact: true })).toBeVisible();
    await expect(page.getByLabel('言語')).toHaveValue('ja');
  });
  await step(visitor, 'switches the sign-in page back to English', async () => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: 'サインイン' })).toBeVisible();
    await expect(page.getByLabel('メールアドレス')).toBeVisible();
    await page.getByLabel('言語').selectOption('en');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByLabel('Email')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.goto('/');
    await expect(page.getByLabel('PIN', { exact: true })).toBeVisible();
  });
});
