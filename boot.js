// Starts the app. The operator pages load it as a file; the customer pages
// carry it inline (scripts/inline-assets.py), allowed by its hash in their
// Content-Security-Policy.
//
// Static first: the page's shell in the HTML is painted before the app is
// fetched, so what the customer reads first (and the LCP) never waits for
// the app. After the first frame the JS glue and the wasm download side by
// side. A hidden tab paints no frame: the timer starts it there.
const me = document.currentScript;
const { js, wasm } = me.dataset;
let started = false;
function start() {
  if (started) return;
  started = true;
  // Compiled while it downloads, in small steps, rather than in one long
  // task once the glue has loaded.
  const module = WebAssembly.compileStreaming
    ? WebAssembly.compileStreaming(fetch(wasm))
    : fetch(wasm);
  import(js).then((app) => app.default({ module_or_path: module }));
}
// Inline in the head, this runs before the body is parsed: wait for it, so
// that the frame awaited is the one that paints the shell. Where the browser
// reports the largest contentful paint, wait until the shell's is on screen
// (a frame's paint reaches the screen after the tasks that follow it), so
// the app's downloads never come before it; elsewhere, one frame.
function afterPaint() {
  const types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
  if (types && types.includes('largest-contentful-paint')) {
    new PerformanceObserver((_, observer) => {
      observer.disconnect();
      setTimeout(start, 0);
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  } else {
    requestAnimationFrame(() => setTimeout(start, 0));
  }
}
if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', afterPaint);
} else {
  afterPaint();
}
setTimeout(start, 1000);
