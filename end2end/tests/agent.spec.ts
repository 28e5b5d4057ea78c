// Agent Desktop against the real server: Paste into chat fills the input and
// sends nothing until Send; Create another PIN retires the first PIN.
import { test } from '@playwright/test';
import { DEVICES, expect, person, pinIsValid, signIn, step } from './support';

test('paste the mobile link, nothing sent until Send; another PIN retires the first', async ({ browser }) => {
  const name = `Pia Paste ${Math.random().toString(36).slice(2, 7)}`;
  const customer = await person(browser, 'customer', DEVICES.iphone);
  const agent = await person(browser, 'agent');
  await customer.page.goto('/chat');
  await customer.page.getByLabel('Your name').fill(name);
  await customer.page.getByRole('button', { name: 'Start chat' }).click();
  await customer.page.getByRole('textbox', { name: 'Message' }).fill('Hi there');
  await customer.page.getByRole('button', { name: 'Send', exact: true }).click();

  await signIn(agent.page, 'agent@example.com', '/agent');
  await agent.page.getByRole('button', { name: new RegExp(name) }).first().click();
  await agent.page.getByRole('button', { name: 'Start remote assistance' }).click();
  const dialog = agent.page.getByRole('dialog', { name: 'Remote Assist Session' });
  const mobile = dialog.getByRole('group', { name: 'Mobile link' });
  const link = (await mobile.innerText()).match(/https?:\/\/\S+\/\d{6}/)![0];
  const firstPin = link.slice(-6);

  await step(agent, 'pastes the mobile link: the input holds it, nothing is sent', async () => {
    await mobile.getByRole('button', { name: 'Paste into chat' }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(agent.page.getByRole('textbox', { name: 'Message' })).toHaveValue(link);
  });
  await step(customer, 'has not received the link yet', async () => {
    await customer.page.waitForTimeout(500);
    await expect(customer.page.getByText(link)).toHaveCount(0);
  });
  await step(agent, 'clicks Send', async () => {
    await agent.page.getByRole('button', { name: 'Send', exact: true }).click();
  });
  await step(customer, 'receives it as a working link', async () => {
    const anchor = customer.page.getByRole('link', { name: link });
    await expect(anchor).toBeVisible();
    await expect(anchor).toHaveAttribute('href', link);
    await expect(anchor).toHaveAttribute('rel', /noopener/);
  });
  await step(agent, 'creates another PIN: the first stops working at once', async () => {
    await agent.page.getByRole('button', { name: 'Start remote assistance' }).click();
    await dialog.getByRole('button', { name: 'Create another PIN' }).click();
    await expect(dialog.getByText(link)).toHaveCount(0);
    expect(await pinIsValid(firstPin)).toBe(false);
  });
  const typist = await person(browser, 'customer typing');
  await step(typist, 'the first PIN fails at the manual entry page', async () => {
    await typist.page.goto('/');
    await typist.page.getByLabel('PIN').fill(firstPin);
    await typist.page.getByRole('button', { name: 'Continue' }).click();
    await expect(typist.page.getByText(/This PIN doesn.t work/)).toBeVisible();
  });
});
