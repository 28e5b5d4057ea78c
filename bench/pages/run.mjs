// Page measurements for scripts/bench.sh. Prints rows
// `ROW|measure|value|target|baseline|verdict`.
//
// Lighthouse 12 with its mobile defaults (simulated slow 4G, 4x CPU
// slowdown), median of 3 runs per page. Baseline in the same run: a plain
// static HTML page (no app) served from this process.
import http from 'node:http';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const base = process.argv[2] ?? 'http://127.0.0.1:8095';
const RUNS = 3;

const flags = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function row(measure, value, target, baseline, pass) {
  const verdict = pass === undefined ? '-' : pass ? 'pass' : 'FAIL';
  console.log(`ROW|${measure}|${value}|${target}|${baseline}|${verdict}`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function audit(port, url) {
  const results = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    const a = r.lhr.audits;
    results.push({
      score: Math.round((r.lhr.categories.performance.score ?? 0) * 100),
      lcp: a['largest-contentful-paint'].numericValue,
      cls: a['cumulative-layout-shift'].numericValue,
      tbt: a['total-blocking-time'].numericValue,
      bytes: a['total-byte-weight'].numericValue,
    });
  }
  const pick = (k) => median(results.map((x) => x[k]));
  return { score: pick('score'), lcp: pick('lcp'), cls: pick('cls'), tbt: pick('tbt'), bytes: pick('bytes') };
}

const baselineHtml = '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Baseline</title></head><body><main><h1>Remote assistance</h1><p>A plain static page.</p></main></body></html>';
const baselineServer = http.createServer((_, res) => { res.setHeader('content-type', 'text/html'); res.end(baselineHtml); });
await new Promise((ok) => baselineServer.listen(8097, '127.0.0.1', ok));

const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', chromeFlags: flags });
try {
  const baseline = await audit(chrome.port, 'http://127.0.0.1:8097/');
  const pages = [['/', 'PIN entry'], ['/?code=123456', 'desktop link'], ['/123456', 'mobile link'], ['/chat', 'chat']];
  for (const [path, name] of pages) {
    const m = await audit(chrome.port, base + path);
    row(`${name} ${path}: Lighthouse score`, m.score, '100', baseline.score, m.score >= 100);
    row(`${name} ${path}: LCP`, `${Math.round(m.lcp)} ms`, '≤ 1000 ms', `${Math.round(baseline.lcp)} ms`, m.lcp <= 1000);
    row(`${name} ${path}: CLS`, m.cls.toFixed(3), '0', baseline.cls.toFixed(3), m.cls === 0);
    row(`${name} ${path}: TBT`, `${Math.round(m.tbt)} ms`, '≤ 50 ms', `${Math.round(baseline.tbt)} ms`, m.tbt <= 50);
    row(`${name} ${path}: bytes (transfer)`, `${(m.bytes / 1024).toFixed(1)} KB`, '≤ 100 KB (80)', `${(baseline.bytes / 1024).toFixed(1)} KB`, m.bytes <= 100 * 1024);
  }
} finally {
  await chrome.kill();
  baselineServer.close();
}
