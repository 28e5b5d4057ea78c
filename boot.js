// Starts the app without an inline script, so the Content-Security-Policy
// can stay `script-src 'self' 'wasm-unsafe-eval'`.
const me = document.currentScript;
import(me.dataset.js).then((app) => app.default({ module_or_path: me.dataset.wasm }));
