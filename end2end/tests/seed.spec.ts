// The seed procedure end to end: one scenario per path, each person in their
// own browser context, controls found by role and accessible name only.
import { test, Browser } from '@playwright/test';
import { AUDIO_PROBE } from './audio-probe';
import { DEVICES, Person, expect, openAssistDialog, person, signIn, step } from './support';

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
    await expect(enable).toBeVisible();
    await enable.click();
    // Enabling confirms with the chime itself.
    await expect.poll(() => playedCount(tech)).toBeGreaterThan(0);
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
    await expect(agent.page.getByRole('log').getByText(`Hello, this is ${name}.`)).toBeVisible();
  });
  return { customer, agent, tech };
}

async function sendChat(who: Person, text: string) {
  await who.page.getByRole('textbox', { name: 'Message' }).fill(text);
  await who.page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(who.page.getByRole('log').getByText(text)).toBeVisible();
}

/** The agent opens the dialog and pastes one link; returns the dialog's PIN and links. */
async function agentSendsLink(agent: Person, which: 'Desktop link' | 'Mobile link', shot?: string) {
  let pin = '';
  let link = '';
  await step(agent, 'opens the Remote Assist Session dialog', async () => {
    const opened = await openAssistDialog(agent.page);
    const dialog = opened.dialog;
    pin = opened.pin;
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

const playedCount = (tech: Person) => tech.page.evaluate(() => (window as any).__raPlayed.length as number);

/** The console lists the session as Waiting, live (no reload), and its alert
 *  really played: a sound started in an AudioContext that was running. How
 *  fast is a figure for the bench, not a timed assertion here (the machines
 *  are noisy). */
async function technicianSeesWaiting(tech: Person, customerName: string, before: number) {
  await step(tech, 'hears the alert and sees the session Waiting', async () => {
    const row = tech.page.getByRole('option', { name: new RegExp(customerName) });
    await expect(row.getByText('Waiting')).toBeVisible();
    await expect.poll(() => playedCount(tech)).toBeGreaterThan(before);
    const played = await tech.page.evaluate(() => (window as any).__raPlayed as { state: string }[]);
    expect(played.slice(before).every((p) => p.state === 'running')).toBe(true);
  }, 'console-waiting');
}

/** A name no earlier scenario used (the flows share one server). */
const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;

const NEUTRAL = /This PIN doesn.t work/;

test('desktop path: Windows customer, remote control', async ({ browser }) => {
  const name = unique('Dana Desktop');
  const { customer, agent, tech } = await chatStarted(browser, 'windows', name);
  const heard = await playedCount(tech);
  const { link } = await agentSendsLink(agent, 'Desktop link', 'agent-dialog');
  await step(customer, 'opens the desktop link and sees the Windows download', async () => {
    await customerOpensLink(customer, link);
    await expect(customer.page.getByRole('link', { name: /Windows/ })).toBeVisible();
    await expect(customer.page).toHaveURL(/\/$/);
  }, 'desktop-page');
  await step(customer, 'consents', async () => {
    await customer.page.getByRole('button', { name: /^Allow/ }).click();
  });
  await technicianSeesWaiting(tech, name, heard);
  await step(tech, 'starts the session in Remote control', async () => {
    await tech.page.getByRole('option', { name: new RegExp(name) }).click();
    await tech.page.getByRole('button', { name: 'Start Session' }).click();
    await tech.page.getByRole('button', { name: 'Remote control' }).click();
    await expect(tech.page.getByText('Active').first()).toBeVisible();
  }, 'console-active');
  await step(customer, 'sees the session active in remote control', async () => {
    await expect(customer.page.getByText(/remote control/i).first()).toBeVisible();
  });
  await step(agent, 'sees the session active in control mode in the chat', async () => {
    await expect(agent.page.getByRole('log').getByText(/started the session: remote control/i)).toBeVisible();
  });
  await step(agent, 'keeps chatting', async () => {
    await sendChat(agent, 'I can see your screen now.');
  });
  await step(customer, 'reads the reply and answers', async () => {
    const chat = customer.context.pages()[0];
    await expect(chat.getByText('I can see your screen now.')).toBeVisible();
    await chat.getByRole('textbox', { name: 'Message' }).fill('Great, thank you!');
    await chat.getByRole('button', { name: 'Send', exact: true }).click();
  });
  await step(agent, 'reads the answer', async () => {
    await expect(agent.page.getByRole('log').getByText('Great, thank you!')).toBeVisible();
  });
  await step(tech, 'ends the session', async () => {
    await tech.page.getByRole('button', { name: 'End session' }).click();
    await expect(tech.page.getByText('Ended').first()).toBeVisible();
  });
  await step(customer, 'sees the session ended', async () => {
    await expect(customer.page.getByText(/ended/i).first()).toBeVisible();
  });
});

/** The technician starts a waiting session, checking what the console offers. */
async function startSession(tech: Person, name: string, mode: 'Remote control' | 'View only') {
  await tech.page.getByRole('option', { name: new RegExp(name) }).click();
  await tech.page.getByRole('button', { name: 'Start Session' }).click();
  await tech.page.getByRole('button', { name: mode }).click();
  await expect(tech.page.getByRole('option', { name: new RegExp(name) }).getByText('Active')).toBeVisible();
}

/** The session id of a customer's session, from the service, as the technician. */
async function sessionId(tech: Person, name: string): Promise<string> {
  const sessions = await (await tech.page.request.get('/api/sessions')).json();
  const found = sessions.find((s: any) => s.customer_name === name && s.status === 'waiting');
  expect(found, `a waiting session for ${name}`).toBeTruthy();
  return found.id;
}

test('mobile path: iPhone customer, view only', async ({ browser }) => {
  const name = unique('Ivy iPhone');
  const { customer, agent, tech } = await chatStarted(browser, 'iphone', name);
  const heard = await playedCount(tech);
  const { pin, link } = await agentSendsLink(agent, 'Mobile link');
  await step(customer, 'opens the mobile link: App Store, PIN kept for the app', async () => {
    await customerOpensLink(customer, link);
    await expect(customer.page.getByRole('link', { name: 'App Store' })).toBeVisible();
    await expect(customer.page.getByRole('link', { name: 'Google Play' })).toHaveCount(0);
    await expect(customer.page.getByRole('link', { name: 'Open in app' })).toHaveAttribute('href', new RegExp(pin));
  }, 'mobile-page');
  await step(customer, 'consents to a view-only session', async () => {
    await customer.page.getByRole('button', { name: 'Allow the technician to see your screen' }).click();
  });
  await technicianSeesWaiting(tech, name, heard);
  await step(tech, 'is offered View only; Remote control is refused by the console and the API', async () => {
    await tech.page.getByRole('option', { name: new RegExp(name) }).click();
    await tech.page.getByRole('button', { name: 'Start Session' }).click();
    await expect(tech.page.getByRole('button', { name: 'Remote control' })).toBeDisabled();
    await expect(tech.page.getByText('Phones and tablets allow view only')).toBeVisible();
    const id = await sessionId(tech, name);
    const refused = await tech.page.request.post(`/api/sessions/${id}/start`, { data: { mode: 'control' } });
    expect(refused.status()).toBeGreaterThanOrEqual(400);
    await tech.page.getByRole('button', { name: 'View only' }).click();
    await expect(tech.page.getByRole('option', { name: new RegExp(name) }).getByText('Active')).toBeVisible();
  });
  await step(customer, 'sees the session active in view only', async () => {
    await expect(customer.page.getByText('Session active: view only')).toBeVisible();
  });
  await step(agent, 'sees view only in the chat', async () => {
    await expect(agent.page.getByRole('log').getByText(/started the session: view only/i)).toBeVisible();
  });
});

test('Android path: Google Play', async ({ browser }) => {
  const name = unique('Andy Android');
  const { customer, agent } = await chatStarted(browser, 'android', name);
  const { link } = await agentSendsLink(agent, 'Mobile link');
  await step(customer, 'opens the mobile link and sees Google Play', async () => {
    await customerOpensLink(customer, link);
    await expect(customer.page.getByRole('link', { name: 'Google Play' })).toBeVisible();
    await expect(customer.page.getByRole('link', { name: 'App Store' })).toHaveCount(0);
  });
});

test('wrong-device path: each link lands on the page for the device', async ({ browser }) => {
  const name = unique('Wren Wrong');
  const { agent } = await chatStarted(browser, 'windows', name);
  const { pin } = await agentSendsLink(agent, 'Desktop link');
  const phone = await person(browser, 'customer on a phone', DEVICES.android);
  await step(phone, 'opens the desktop link on a phone and gets the mobile page', async () => {
    await phone.page.goto(`/?code=${pin}`);
    await expect(phone.page.getByRole('link', { name: 'Google Play' })).toBeVisible();
    await expect(phone.page.getByRole('button', { name: 'Allow the technician to see your screen' })).toBeVisible();
  });
  const desktop = await person(browser, 'customer on a Mac', DEVICES.mac);
  await step(desktop, 'opens the mobile link on a desktop and gets the desktop page', async () => {
    await desktop.page.goto(`/${pin}`);
    await expect(desktop.page.getByRole('link', { name: /macOS/ })).toBeVisible();
    await expect(desktop.page.getByRole('button', { name: 'Allow the technician to see and control your screen' })).toBeVisible();
  });
});

test('manual path: the customer types the PIN at the short URL, a typo first', async ({ browser }) => {
  const name = unique('Manny Manual');
  const { agent, tech } = await chatStarted(browser, 'windows', name);
  const heard = await playedCount(tech);
  const { pin } = await agentSendsLink(agent, 'Desktop link');
  const typist = await person(browser, 'customer typing the PIN', DEVICES.windows);
  const typo = pin.slice(0, 5) + String((Number(pin[5]) + 1) % 10);
  await step(typist, 'types a wrong PIN and is told so', async () => {
    await typist.page.goto('/');
    await typist.page.getByLabel('PIN').fill(`${typo.slice(0, 3)} ${typo.slice(3)}`);
    await typist.page.getByRole('button', { name: 'Continue' }).click();
    await expect(typist.page.getByText(NEUTRAL)).toBeVisible();
  }, 'pin-entry');
  await step(typist, 'types the right PIN and reaches the desktop page', async () => {
    await typist.page.getByLabel('PIN').fill(`${pin.slice(0, 3)}-${pin.slice(3)}`);
    await typist.page.getByRole('button', { name: 'Continue' }).click();
    await expect(typist.page.getByRole('link', { name: /Windows/ })).toBeVisible();
    await typist.page.getByRole('button', { name: /^Allow/ }).click();
  });
  await technicianSeesWaiting(tech, name, heard);
  await step(tech, 'starts it in Remote control', async () => startSession(tech, name, 'Remote control'));
});

test('Create another PIN: the first PIN is refused, the second works', async ({ browser }) => {
  const name = unique('Cora Create');
  const { agent, tech } = await chatStarted(browser, 'windows', name);
  const heard = await playedCount(tech);
  const first = await agentSendsLink(agent, 'Desktop link');
  let second = '';
  await step(agent, 'creates another PIN', async () => {
    await agent.page.getByRole('button', { name: 'Start remote assistance' }).click();
    const dialog = agent.page.getByRole('dialog', { name: 'Remote Assist Session' });
    await dialog.getByRole('button', { name: 'Create another PIN' }).click();
    await expect(dialog.getByText(`?code=${first.pin}`)).toHaveCount(0);
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    second = (text.match(/\b(\d{3}) ?(\d{3})\b/) ?? []).slice(1).join('');
    expect(second).toMatch(/^\d{6}$/);
    expect(second).not.toBe(first.pin);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
  const customer = await person(browser, 'customer', DEVICES.windows);
  await step(customer, 'the first PIN is refused', async () => {
    await customer.page.goto('/');
    await customer.page.getByLabel('PIN').fill(first.pin);
    await customer.page.getByRole('button', { name: 'Continue' }).click();
    await expect(customer.page.getByText(NEUTRAL)).toBeVisible();
  });
  await step(customer, 'the second PIN works', async () => {
    await customer.page.getByLabel('PIN').fill(second);
    await customer.page.getByRole('button', { name: 'Continue' }).click();
    await customer.page.getByRole('button', { name: /^Allow/ }).click();
  });
  await technicianSeesWaiting(tech, name, heard);
});
