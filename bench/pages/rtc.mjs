// Browser view session: time from the customer's click on "Share my screen
// in the browser" to the technician's first video frame
// (requestVideoFrameCallback), median of 5, in headless Chromium with a
// synthetic screen. Takes the base URL of a running server with the bench
// operator bench@example.com / bench-password-123 (scripts/bench.sh).
//
// Baseline, measured in the same run: a plain RTCPeerConnection loopback
// between two pages of the same browser without our app (getDisplayMedia
// in one page, first frame in the other, signalling through this process).
//
// Prints `ROW|browser share → first frame (median of 5)|<ms> ms|≤ 1000 ms|<baseline> ms|pass or FAIL`.
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../end2end/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const base = (process.argv[2] ?? 'http://127.0.0.1:8095').replace(/\/$/, '');
const RUNS = 5;
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench-password-123';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--autoplay-policy=no-user-gesture-required',
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  ],
});

/** Epoch ms of the next frame the page's video draws (its first). */
const FIRST_FRAME = `new Promise((resolve) => {
  const wait = () => {
    const v = document.querySelector('video');
    if (!v) return setTimeout(wait, 5);
    v.requestVideoFrameCallback(() => resolve(performance.timeOrigin + performance.now()));
  };
  wait();
})`;

async function ours() {
  const tech = await browser.newContext({ baseURL: base });
  const login = await tech.request.post('/api/auth/login', { data: { email: EMAIL, password: PASSWORD } });
  if (!login.ok()) throw new Error(`bench sign-in: ${login.status()}`);
  const console_ = await tech.newPage();
  await console_.goto('/console');
  await console_.getByRole('heading', { name: 'Sessions' }).waitFor();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const name = `Bench share ${i} ${Date.now()}`;
    const customer = await browser.newContext({ baseURL: base });
    const chat = await (await customer.request.post('/api/customer/conversations', { data: { name } })).json();
    const issued = await tech.request.post(`/api/conversations/${chat.conversation_id}/pins`, { data: {} });
    const pin = (await issued.json()).pin;
    const page = await customer.newPage();
    await page.goto(`/?code=${pin}`);
    const share = page.getByRole('button', { name: 'Share my screen in the browser' });
    await share.waitFor();
    const clicked = Date.now();
    await share.click();
    // The technician starts it as soon as it is listed.
    const row = console_.getByRole('option', { name: new RegExp(name) });
    await row.getByText('Waiting').waitFor();
    await row.click();
    await console_.getByRole('button', { name: 'Start Session' }).click();
    await console_.getByRole('button', { name: 'View only' }).click();
    const first = await console_.evaluate(FIRST_FRAME);
    times.push(first - clicked);
    await console_.getByRole('button', { name: 'End session' }).click();
    await page.getByText('Session ended').waitFor();
    await customer.close();
  }
  await tech.close();
  return times;
}

async function baseline() {
  const html = '<!doctype html><html><head><meta charset="utf-8"><title>Loopback</title></head><body><video autoplay muted playsinline></video></body></html>';
  const server = http.createServer((_, res) => { res.setHeader('content-type', 'text/html'); res.end(html); });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const times = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const sender = await context.newPage();
      const viewer = await context.newPage();
      await sender.goto(url);
      await viewer.goto(url);
      // Trickle ICE through this process, candidates queued until the
      // remote description is set, as in the app.
      await viewer.exposeFunction('toSender', (m) => sender.evaluate((m) => window.fromViewer(m), m));
      await sender.exposeFunction('toViewer', (m) => viewer.evaluate((m) => window.fromSender(m), m));
      await viewer.evaluate(() => {
        const pc = new RTCPeerConnection({ iceServers: [] });
        const queued = [];
        let ready = false;
        pc.ontrack = (e) => { document.querySelector('video').srcObject = e.streams[0]; };
        pc.onicecandidate = (e) => e.candidate && window.toSender({ candidate: e.candidate.toJSON() });
        window.fromSender = async (m) => {
          if (m.desc) {
            await pc.setRemoteDescription(m.desc);
            ready = true;
            for (const c of queued.splice(0)) await pc.addIceCandidate(c);
            await pc.setLocalDescription(await pc.createAnswer());
            window.toSender({ desc: pc.localDescription.toJSON() });
          } else if (ready) await pc.addIceCandidate(m.candidate);
          else queued.push(m.candidate);
        };
      });
      await sender.evaluate(() => {
        const queued = [];
        let ready = false;
        window.share = async () => {
          const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
          const pc = new RTCPeerConnection({ iceServers: [] });
          window.pc = pc;
          stream.getTracks().forEach((t) => pc.addTrack(t, stream));
          pc.onicecandidate = (e) => e.candidate && window.toViewer({ candidate: e.candidate.toJSON() });
          await pc.setLocalDescription(await pc.createOffer());
          window.toViewer({ desc: pc.localDescription.toJSON() });
        };
        window.fromViewer = async (m) => {
          if (m.desc) {
            await window.pc.setRemoteDescription(m.desc);
            ready = true;
            for (const c of queued.splice(0)) await window.pc.addIceCandidate(c);
          } else if (ready) await window.pc.addIceCandidate(m.candidate);
          else queued.push(m.candidate);
        };
        document.addEventListener('click', () => window.share(), { once: true });
      });
      const frame = viewer.evaluate(FIRST_FRAME);
      const clicked = Date.now();
      await sender.mouse.click(5, 5);
      times.push((await frame) - clicked);
      await context.close();
    }
  } finally {
    server.close();
  }
  return times;
}

try {
  const plain = await baseline();
  const app = await ours();
  const m = Math.round(median(app));
  const b = Math.round(median(plain));
  console.error(`rtc: app ${app.map(Math.round).join(', ')} ms; loopback ${plain.map(Math.round).join(', ')} ms`);
  console.log(`ROW|browser share → first frame (median of 5)|${m} ms|≤ 1000 ms|${b} ms|${m <= 1000 ? 'pass' : 'FAIL'}`);
} finally {
  await browser.close();
}
