// A message sent while the service is out of reach is not lost when the
// customer reloads or closes the tab: it is kept in the browser and goes out
// (once) when the chat is opened again.
import { test } from '@playwright/test';
import { expect, person, signIn, step } from './support';

test('an unsent message survives a closed tab and arrives once', async ({ browser }) => {
  const name = `Otto Outbox ${Math.random().toString(36).slice(2, 7)}`;
  const text = `typed while out of reach ${Math.random().toString(36).slice(2, 7)}`;
  const customer = await person(browser, 'customer');
  const agent = await person(browser, 'agent');

  await step(customer, 'starts a chat', async () => {
    await customer.page.goto('/chat');
    await customer.page.getByLabel('Your name').fill(name);
    await customer.page.getByRole('button', { name: 'Start chat' }).click();
    await customer.page.getByRole('textbox', { name: 'Message' }).fill('Hello');
    await customer.page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(customer.page.getByText('Hello')).toBeVisible();
    await expect(customer.page.getByText('Sending…')).toHaveCount(0);
  });

  await step(customer, 'the service goes out of reach; the message waits', async () => {
    // The page's WebSocket now reaches a silent stand-in, never the service.
    await customer.page.routeWebSocket(/\/ws/, () => {});
    await customer.page.reload();
    await customer.page.getByRole('textbox', { name: 'Message' }).fill(text);
    await customer.page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(customer.page.getByText(text)).toBeVisible();
    await expect(customer.page.getByText('Sending…')).toBeVisible();
  });

  await step(customer, 'closes the tab and opens the chat again: the message goes out', async () => {
    await customer.page.close();
    customer.page = await customer.context.newPage();
    await customer.page.goto('/chat');
    await expect(customer.page.getByText(text)).toHaveCount(1);
    await expect(customer.page.getByText('Sending…')).toHaveCount(0);
  });

  await step(agent, 'sees it once', async () => {
    await signIn(agent.page, 'agent@example.com', '/agent');
    await agent.page.getByRole('button', { name: new RegExp(name) }).first().click();
    await expect(agent.page.getByText(text)).toHaveCount(1);
  });

  await step(customer, 'a reload shows it once, from the service', async () => {
    await customer.page.reload();
    await expect(customer.page.getByText(text)).toHaveCount(1);
    await expect(customer.page.getByText('Sending…')).toHaveCount(0);
    expect(await customer.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ra.outbox.')))).toEqual([]);
  });
});
