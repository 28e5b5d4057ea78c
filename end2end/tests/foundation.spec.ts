import { test, expect, Page } from '@playwright/test';

/** Collects CSP violations and page errors so a test can assert there are none. */
async function watchErrors(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return problems;
}

test('healthz answers 200', async ({ request }) => {
  const res = await request.get('/healthz');
  expect(res.status()).toBe(200);
});

for (const path of ['/', '/123456', '/chat']) {
  test(`customer route ${path} mounts its bundle under the CSP`, async ({ page }) => {
    const problems = await watchErrors(page);
    const res = await page.goto(path);
    expect(res?.status()).toBe(200);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(res?.headers()['x-content-type-options']).toBe('nosniff');
    expect(res?.headers()['referrer-policy']).toBe('no-referrer');
    const app = path === "/chat" ? "chat" : "customer";
    await expect(page.locator(`html[data-app="${app}"]`)).toHaveCount(1);
    // The page's CSS and start-up script are inline, allowed by their
    // hashes (never 'unsafe-inline'): the app started, and the styles apply.
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
    await expect(page.locator('h1.ra-shell__title')).toHaveCSS('font-size', '28px');
    expect(problems).toEqual([]);
  });
}

for (const path of ['/login', '/agent', '/console']) {
  test(`operator route ${path} mounts the operator app under the CSP`, async ({ page }) => {
    const problems = await watchErrors(page);
    const res = await page.goto(path);
    expect(res?.status()).toBe(200);
    await expect(page.locator('html[data-app="operator"]')).toHaveCount(1);
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
  });
}

test('a missing asset is a real 404, not the app', async ({ request }) => {
  expect((await request.get('/missing-file.js')).status()).toBe(404);
  expect((await request.get('/op/missing-file.wasm')).status()).toBe(404);
  expect((await request.get('/c/missing-file.wasm')).status()).toBe(404);
});
