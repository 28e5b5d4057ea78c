// The seed procedure end to end: one scenario per path, each person in their
// own browser context, controls found by role and accessible name only.
import { test, Browser } from '@playwright/test';
import { AUDIO_PROBE } from './audio-probe';
import { DEVICES, Person, expect, person, signIn, step } from './support';

test.describe.configure({ mode: 'serial' });

/** The customer starts a chat; the agent opens it. */
async function chatStarted(browser: Browser, device: keyof typeof DEVICES, name: string) {
  const customer = await person(browser, 'customer', DEVICES[device]);
  const agent = await person(browser, 'agent', DEVICES.windows);
  const tech = await person(browser, 'technician', DEVICES.windows);
  await tech.context.addInitScript(AUDIO_PROBE);

  await step(tech, 'signs in to the Technician Console and enables sound', async () => {
    await signIn(tech.page, 'tech@example.com', '/console');
    const enable = tech.page.getByRole('button', { name: 'Enable sound' });
    if (await enable.isVisible()) await enable.click();
  });
  await step(customer, 'starts a chat', async () => {
    await customer.page.goto('/chat');
    await customer.page.getByLabel('Your name').fill(name);
    await customer.page.getByRole('button', { name: 'Start chat' }).click();
    await sendChat(customer, `Hello, this is ${name}. My screen is frozen.`);
  });
  await step(agent, 'signs in and opens the conversation', async () => {
    await signIn(agent.page, 'agent@example.com', '/agent');
    await agent.page.getByRole('button', { name: new RegExp(name) }).first().click();
    await expect(agent.page.getByText(`Hello, this is ${name}.`)).toBeVisible();
  });
  return { customer, agent, tech };
}

async function sendChat(who: Person, text: string) {
  await who.page.getByRole('textbox', { name: 'Message' }).fill(text);
  await who.page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(who.page.getByText(text)).toBeVisible();
}

/** The agent opens the dialog and pastes one link; returns the dialog's PIN and links. */
async function agentSendsLink(agent: Person, which: 'Desktop link' | 'Mobile link', shot?: string) {
  let pin = '';
  let link = '';
  await step(agent, 'opens the Remote Assist Session dialog', async () => {
    await agent.page.getByRole('button', { name: 'Start remote assistance' }).click();
    const dialog = agent.page.getByRole('dialog', { name: 'Remote Assist Session' });
    await expect(dialog).toBeVisible();
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    pin = (text.match(/\b(\d{3}) ?(\d{3})\b/) ?? []).slice(1).join('');
    expect(pin).toMatch(/^\d{6}$/);
    await expect(dialog.getByText(`?code=${pin}`)).toBeVisible();
    await expect(dialog.getByText(new RegExp(`/${pin}$`))).toBeVisible();
    link = which === 'Desktop link' ? `/?code=${pin}` : `/${pin}`;
  }, shot);
  await step(agent, `pastes the ${which.toLowerCase()} and sends it`, async () => {
    const dialog = agent.page.getByRole('dialog', { name: 'Remote Assist Session' });
    await dialog.getByRole('group', { name: which }).getByRole('button', { name: 'Paste into chat' }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(agent.page.getByRole('textbox', { name: 'Message' })).toHaveValue(new RegExp(link.replace('?', '\\?')));
    await agent.page.getByRole('button', { name: 'Send', exact: true }).click();
  });
  return { pin, link };
}

/** The customer follows the link from the chat; returns the opened page. */
async function customerOpensLink(customer: Person, link: string) {
  const anchor = customer.page.getByRole('link', { name: new RegExp(link.replace('?', '\\?')) });
  await expect(anchor).toBeVisible();
  const [opened] = await Promise.all([customer.context.waitForEvent('page'), anchor.click()]);
  await opened.waitForLoadState();
  customer.page = opened;
}

async function technicianSeesWaiting(tech: Person, customerName: string) {
  await step(tech, 'hears the alert and sees the session Waiting', async () => {
    const row = tech.page.getByRole('option', { name: new RegExp(customerName) });
    await expect(row.getByText('Waiting')).toBeVisible({ timeout: 1_000 });
    const played = await tech.page.evaluate(() => (window as any).__raPlayed as { state: string }[]);
    expect(played.length).toBeGreaterThan(0);
    expect(played.every((p) => p.state === 'running')).toBe(true);
  }, 'console-waiting');
}

test('desktop path: Windows customer, remote control', async ({ browser }) => {
  const { customer, agent, tech } = await chatStarted(browser, 'windows', 'Dana Desktop');
  const { link } = await agentSendsLink(agent, 'Desktop link', 'agent-dialog');
  await step(customer, 'opens the desktop link and sees the Windows download', async () => {
    await customerOpensLink(customer, link);
    await expect(customer.page.getByRole('link', { name: /Windows/ })).toBeVisible();
    await expect(customer.page).toHaveURL(/\/$/);
  }, 'desktop-page');
  await step(customer, 'consents', async () => {
    await customer.page.getByRole('button', { name: /^Allow/ }).click();
  });
  await technicianSeesWaiting(tech, 'Dana Desktop');
  await step(tech, 'starts the session in Remote control', async () => {
    await tech.page.getByRole('option', { name: /Dana Desktop/ }).click();
    await tech.page.getByRole('button', { name: 'Start Session' }).click();
    await tech.page.getByRole('button', { name: 'Remote control' }).click();
    await expect(tech.page.getByText('Active').first()).toBeVisible();
  }, 'console-active');
  await step(customer, 'sees the session active in remote control', async () => {
    await expect(customer.page.getByText(/remote control/i).first()).toBeVisible();
  });
  await step(agent, 'sees the session active in control mode in the chat', async () => {
    await expect(agent.page.getByText(/started the session: remote control/i)).toBeVisible();
  });
  await step(tech, 'ends the session', async () => {
    await tech.page.getByRole('button', { name: 'End session' }).click();
    await expect(tech.page.getByText('Ended').first()).toBeVisible();
  });
  await step(customer, 'sees the session ended', async () => {
    await expect(customer.page.getByText(/ended/i).first()).toBeVisible();
  });
});
