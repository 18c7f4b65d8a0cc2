// UI latency in Chromium (SwiftShader): from a parameter change (the link's seed) to the new
// numbers on screen, median of 20. Run after `npm run build`: node bench/ui-latency.mjs
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';

const PORT = 4177;
const N = Number(process.env.LATENCY_N ?? 64);
const LINK = `#v=1&seed=1&n=${N}&h=4&d=16&sink=0&ss=3&p0=softmax`;
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 2500));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu'],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/${LINK}`);
  await page.waitForSelector('[data-testid=run-status][data-status=done]', { timeout: 120000 });
  const times = [];
  for (let k = 0; k < 20; k++) {
    const before = await page.textContent('[data-testid=table-entropy-3]');
    const ms = await page.evaluate(async ({ seed, before }) => {
      const t0 = performance.now();
      window.location.hash = window.location.hash.replace(/seed=\d+/, `seed=${seed}`);
      // Updated numbers: the last head's entropy changed and the run is done.
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r));
        const cell = document.querySelector('[data-testid=table-entropy-3]')?.textContent;
        const done = document.querySelector('[data-testid=run-status]')?.getAttribute('data-status') === 'done';
        if (done && cell && cell !== '…' && cell !== before) return performance.now() - t0;
        if (performance.now() - t0 > 60000) return NaN;
      }
    }, { seed: 100 + k, before });
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  const median = (times[9] + times[10]) / 2;
  console.log(`ui-latency N=${N} H=4 d=16 (1 pane): median ${median.toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[19].toFixed(0)} ms over 20 seed changes`);
} finally {
  await browser.close();
  server.kill();
}
