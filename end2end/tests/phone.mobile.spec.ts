// The phone project (Pixel 7 emulation): a customer's whole path on a phone.
import { test, expect } from '@playwright/test';
import { issuePin } from './support';

test('on a phone: the chat fits, the mobile link offers Google Play and view only', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/chat');
  await page.getByLabel('Your name').fill('Phoebe Phone');
  await page.getByRole('button', { name: 'Start chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('Typed with one thumb');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByText('Typed with one thumb')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  const { pin } = await issuePin();
  await page.goto(`/${pin}`);
  await expect(page.getByRole('link', { name: 'Google Play' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open in app' })).toHaveAttribute('href', new RegExp(pin));
  await page.getByRole('button', { name: 'Allow the technician to see your screen' }).click();
  await expect(page.getByText(/Waiting for the technician/i)).toBeVisible();
  await expect(page.getByRole('button', { name: 'End session' })).toBeVisible();
});
