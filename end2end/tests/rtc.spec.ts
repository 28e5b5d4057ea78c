// The browser view session (issue 10): the customer shares the screen from
// the desktop page with one click, the technician starts View only and
// sees it live over WebRTC. Runs in the `rtc` project: Chromium with a
// synthetic screen (--use-fake-ui-for-media-stream
// --use-fake-device-for-media-stream).
import { test, Page } from '@playwright/test';
import { DEVICES, Person, expect, issuePin, person, signIn, step } from './support';

test.describe.configure({ mode: 'serial' });

/** Counts getDisplayMedia calls and keeps the streams it gave, so a test
 *  can tell whether the customer shared again and whether tracks stopped. */
const CAPTURE_PROBE = () => {
  const w = window as any;
  w.__raShares = 0;
  w.__raStreams = [];
  const md = navigator.mediaDevices;
  if (!md || !md.getDisplayMedia) return;
  const original = md.getDisplayMedia.bind(md);
  md.getDisplayMedia = async (constraints?: DisplayMediaStreamOptions) => {
    w.__raShares += 1;
    const stream = await original(constraints);
    w.__raStreams.push(stream);
    return stream;
  };
};

const shares = (p: Page) => p.evaluate(() => (window as any).__raShares as number);
const liveTracks = (p: Page) =>
  p.evaluate(() =>
    ((window as any).__raStreams as MediaStream[])
      .flatMap((s) => s.getTracks())
      .filter((t) => t.readyState === 'live').length,
  );

/** Resolves with the video's size once the technician's video draws a frame. */
async function frameArrives(tech: Person) {
  const video = tech.page.getByRole('region', { name: "Customer's screen" }).locator('video');
  await expect(video).toBeVisible();
  const size = await video.evaluate(
    (v: HTMLVideoElement) =>
      new Promise<[number, number]>((resolve) =>
        v.requestVideoFrameCallback(() => resolve([v.videoWidth, v.videoHeight])),
      ),
  );
  expect(size[0]).toBeGreaterThan(0);
  expect(size[1]).toBeGreaterThan(0);
  // The panel shows the resolution and the frame rate.
  await expect(tech.page.getByTestId('video-stats')).toHaveText(/^\d+ × \d+ · \d+ fps$/, { timeout: 5_000 });
}

const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;

/** A customer on the desktop link with a chat; the technician's console. */
async function sharing(browser: import('@playwright/test').Browser) {
  const name = unique('Sam Share');
  const issued = await issuePin(undefined, name);
  const customer = await person(browser, 'customer', DEVICES.windows);
  await customer.context.addInitScript(CAPTURE_PROBE);
  const tech = await person(browser, 'technician', DEVICES.windows);
  await step(tech, 'opens the Technician Console', async () => {
    await signIn(tech.page, 'tech@example.com', '/console');
  });
  await step(customer, 'opens the desktop link and shares the screen with one click', async () => {
    await customer.page.goto(`/?code=${issued.pin}`);
    await expect(customer.page.getByRole('link', { name: /Windows/ })).toBeVisible();
    await customer.page.getByRole('button', { name: 'Share my screen in the browser' }).click();
    await expect(customer.page.getByText('You are sharing your screen')).toBeVisible();
    await expect(customer.page.getByRole('button', { name: 'Stop sharing' })).toBeVisible();
    expect(await shares(customer.page)).toBe(1);
  });
  await step(tech, 'starts the waiting session in View only; Remote control is refused', async () => {
    const row = tech.page.getByRole('option', { name: new RegExp(name) });
    await expect(row.getByText('Waiting')).toBeVisible();
    await row.click();
    await tech.page.getByRole('button', { name: 'Start Session' }).click();
    await expect(tech.page.getByRole('button', { name: 'Remote control' })).toBeDisabled();
    await expect(tech.page.getByText(/shared from the browser allows view only.*support app/)).toBeVisible();
    await tech.page.getByRole('button', { name: 'View only' }).click();
    await expect(tech.page.getByText('Active').first()).toBeVisible();
  });
  await step(tech, "sees the customer's screen", async () => {
    await frameArrives(tech);
  });
  const sessionId = await customer.page.evaluate(
    () => (localStorage.getItem('ra.customer.session') ?? '').split('\n')[1],
  );
  return { name, issued, customer, tech, sessionId };
}

/** The customer's side of the chat, as the service keeps it. */
async function customerEvents(token: string) {
  const { request } = await import('@playwright/test');
  const api = await request.newContext({ baseURL: test.info().project.use.baseURL });
  const res = await api.get('/api/customer/messages', { headers: { authorization: `Bearer ${token}` } });
  const messages = (await res.json()) as { text: string; event?: { kind: string; by?: string } }[];
  await api.dispose();
  return messages.filter((m) => m.event).map((m) => m.event!);
}

test('the technician sees the shared screen, gets it back after a reload, and the customer stops it', async ({ browser }) => {
  const { name, issued, customer, tech } = await sharing(browser);
  await step(tech, 'reloads the console and gets the picture back without a new share', async () => {
    await tech.page.reload();
    await tech.page.getByRole('option', { name: new RegExp(name) }).click();
    await frameArrives(tech);
    expect(await shares(customer.page)).toBe(1);
  });
  await step(customer, 'stops sharing: the tracks stop and the session ends', async () => {
    expect(await liveTracks(customer.page)).toBeGreaterThan(0);
    await customer.page.getByRole('button', { name: 'Stop sharing' }).click();
    await expect(customer.page.getByText('Session ended')).toBeVisible();
    await expect.poll(() => liveTracks(customer.page)).toBe(0);
    await expect(customer.page.getByText('You are sharing your screen')).toHaveCount(0);
  });
  await step(tech, 'sees the session ended in the console and in the chat', async () => {
    await expect(tech.page.getByRole('region', { name: "Customer's screen" })).toHaveCount(0);
    await expect(tech.page.getByRole('region', { name: 'Selected session' }).getByText('Ended')).toBeVisible();
    await expect(tech.page.getByRole('log').getByText('The customer ended the session.')).toBeVisible();
  });
  await step(customer, "has the end in the chat's history", async () => {
    await expect.poll(async () => (await customerEvents(issued.token)).at(-1)).toEqual({ kind: 'ended', by: 'customer' });
  });
});

test('ending from the console stops the customer\'s tracks and updates both chats', async ({ browser }) => {
  const { issued, customer, tech } = await sharing(browser);
  await step(tech, 'ends the session', async () => {
    await tech.page.getByRole('button', { name: 'End session' }).click();
    await expect(tech.page.getByRole('region', { name: "Customer's screen" })).toHaveCount(0);
    await expect(tech.page.getByRole('log').getByText('The technician ended the session.')).toBeVisible();
  });
  await step(customer, 'sees it ended; the tracks stopped', async () => {
    await expect(customer.page.getByText('Session ended')).toBeVisible();
    await expect.poll(() => liveTracks(customer.page)).toBe(0);
    await expect(customer.page.getByRole('button', { name: 'Stop sharing' })).toHaveCount(0);
    await expect.poll(async () => (await customerEvents(issued.token)).at(-1)).toEqual({ kind: 'ended', by: 'technician' });
  });
});

test('after a reload the customer is asked to share again, and the technician sees it', async ({ browser }) => {
  const { customer, tech } = await sharing(browser);
  await step(customer, 'reloads: asked to share again', async () => {
    await customer.page.reload();
    await expect(customer.page.getByText('You are sharing your screen')).toHaveCount(0);
    await customer.page.getByRole('button', { name: 'Share my screen in the browser' }).click();
    await expect(customer.page.getByText('You are sharing your screen')).toBeVisible();
  });
  await step(tech, 'sees the new share', async () => {
    await frameArrives(tech);
  });
});

test('the WebSocket refuses signalling from anyone but the session\'s customer and technician', async ({ browser }) => {
  const { customer, sessionId } = await sharing(browser);
  expect(sessionId).toMatch(/\S/);
  /** Opens a socket in the page, authenticates if asked, sends one signal
   *  frame for the session and returns the answer's error code. */
  const trySignal = (p: Page, auth: object | null) =>
    p.evaluate(
      ([id, auth]) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(location.origin.replace('http', 'ws') + '/ws');
          ws.onopen = () => {
            if (auth) ws.send(JSON.stringify({ type: 'auth', ...auth }));
            ws.send(JSON.stringify({ type: 'signal', session_id: id, payload: { kind: 'hello', id: 0 } }));
          };
          ws.onmessage = (e) => {
            const f = JSON.parse(e.data);
            if (f.type === 'error') resolve(f.code);
            if (f.type === 'signal') resolve('relayed');
          };
          setTimeout(() => resolve('no answer'), 4000);
        }),
      [sessionId, auth] as const,
    );
  const other = await person(browser, 'other technician', DEVICES.windows);
  await step(other, "another operator's console cannot signal for the session", async () => {
    await signIn(other.page, 'tech2@example.com', '/console');
    expect(await trySignal(other.page, null)).toBe('forbidden');
  });
  await step(customer, "a customer's socket of another session cannot signal for it", async () => {
    const second = await issuePin(undefined, unique('Other customer'));
    const { request } = await import('@playwright/test');
    const api = await request.newContext({ baseURL: test.info().project.use.baseURL });
    const claim = await (
      await api.post('/api/pins/claim', { data: { pin: second.pin, device_class: 'desktop', browser_view: true } })
    ).json();
    await api.dispose();
    expect(await trySignal(customer.page, { session_token: claim.session_token })).toBe('forbidden');
  });
});
