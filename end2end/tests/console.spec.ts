// Technician Console: two consoles watch, one starts, the other sees it
// taken; phones are view only, in the console and in the API.
import { test } from '@playwright/test';
import { DEVICES, expect, issuePin, person, signIn, step } from './support';

test('two consoles: a phone session is view only, taken by one, ended for all', async ({ browser }) => {
  const name = `Tess Phone ${Math.random().toString(36).slice(2, 7)}`;
  const one = await person(browser, 'technician 1');
  const two = await person(browser, 'technician 2');
  await signIn(one.page, 'tech@example.com', '/console');
  await signIn(two.page, 'tech2@example.com', '/console');

  const { pin } = await issuePin(undefined, name);
  const phone = await person(browser, 'customer', DEVICES.iphone);
  await step(phone, 'claims the PIN on an iPhone', async () => {
    await phone.page.goto(`/${pin}`);
    await phone.page.getByRole('button', { name: 'Allow the technician to see your screen' }).click();
  });
  const row = (who: typeof one) => who.page.getByRole('option', { name: new RegExp(name) });
  for (const who of [one, two]) {
    await step(who, 'sees it Waiting within a second', async () => {
      await expect(row(who).getByText('Waiting')).toBeVisible({ timeout: 1_000 });
    });
  }
  await step(one, 'is offered View only only, and starts it', async () => {
    await row(one).click();
    await one.page.getByRole('button', { name: 'Start Session' }).click();
    await expect(one.page.getByRole('button', { name: 'Remote control' })).toBeDisabled();
    await expect(one.page.getByText('Phones and tablets allow view only')).toBeVisible();
    const sessions = await (await one.page.request.get('/api/sessions')).json();
    const id = sessions.find((s: any) => s.customer_name === name).id;
    const refused = await one.page.request.post(`/api/sessions/${id}/start`, { data: { mode: 'control' } });
    expect(refused.status()).toBeGreaterThanOrEqual(400);
    expect(refused.status()).toBeLessThan(500);
    await one.page.getByRole('button', { name: 'View only' }).click();
    await expect(row(one).getByText('Active')).toBeVisible();
  });
  await step(two, 'sees it Active at once and cannot start it', async () => {
    await expect(row(two).getByText('Active')).toBeVisible();
    await row(two).click();
    await expect(two.page.getByRole('button', { name: 'Start Session' })).toHaveCount(0);
    const sessions = await (await two.page.request.get('/api/sessions')).json();
    const id = sessions.find((s: any) => s.customer_name === name).id;
    const second = await two.page.request.post(`/api/sessions/${id}/start`, { data: { mode: 'view' } });
    expect(second.status()).toBe(409);
  });
  await step(phone, 'sees view only', async () => {
    await expect(phone.page.getByText('Session active: view only')).toBeVisible();
  });
  await step(one, 'ends the session', async () => {
    await one.page.getByRole('button', { name: 'End session' }).click();
  });
  for (const who of [one, two]) {
    await step(who, 'sees it Ended', async () => {
      await expect(row(who).getByText('Ended')).toBeVisible();
    });
  }
  await step(phone, 'sees it ended', async () => {
    await expect(phone.page.getByText('Session ended')).toBeVisible();
  });
  await step(one, 'reads the ending in the chat', async () => {
    await row(one).click();
    await expect(one.page.getByText('The technician ended the session.')).toBeVisible();
  });
});

test('a desktop session can be started in Remote control', async ({ browser }) => {
  const name = `Dora Desk ${Math.random().toString(36).slice(2, 7)}`;
  const tech = await person(browser, 'technician');
  await signIn(tech.page, 'tech@example.com', '/console');
  const { pin } = await issuePin(undefined, name);
  const customer = await person(browser, 'customer', DEVICES.windows);
  await customer.page.goto(`/?code=${pin}`);
  await customer.page.getByRole('button', { name: /^Allow/ }).click();
  const row = tech.page.getByRole('option', { name: new RegExp(name) });
  await expect(row.getByText('Waiting')).toBeVisible({ timeout: 1_000 });
  await row.click();
  await tech.page.getByRole('button', { name: 'Start Session' }).click();
  await expect(tech.page.getByRole('button', { name: 'Remote control' })).toBeEnabled();
  await tech.page.getByRole('button', { name: 'Remote control' }).click();
  await expect(row.getByText('Active')).toBeVisible();
  await expect(customer.page.getByText('Session active: remote control')).toBeVisible();
});
