import { expect, test } from '@playwright/test';
import { cpuHeadStats } from '../src/engine/cpuStats';
import { experimentOf } from './twin';

/** 4096 tokens, 2 heads, small d: the fused long-context path, on SwiftShader. */
const LINK = '#v=1&seed=3&n=4096&h=2&d=4&D=8&sink=0&ss=4&p0=softmax';

test('N = 4096 renders the grid and a screen-sized map within the SwiftShader budget, with twin-equal numbers', async ({ page }) => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  await page.goto(`/${LINK}`);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  const seconds = (Date.now() - t0) / 1000;
  console.log(`N = 4096, 2 heads: numbers and maps on screen after ${seconds.toFixed(1)} s`);
  await expect(page.getByTestId('pane-0-canvas')).toHaveAttribute('width', '512'); // 8×8 tokens per pixel
  await expect(page.getByTestId('head-cell-1').locator('canvas')).toHaveAttribute('width', '48');
  const exp = experimentOf(LINK);
  const twin = cpuHeadStats(exp.source, 0, exp.analysis);
  const shown = Number(await page.getByTestId('table-entropy-0').textContent());
  expect(Math.abs(shown - twin.meanEntropy)).toBeLessThanOrEqual(2e-5);
  await expect(page.getByTestId('table-sinks-0')).toHaveText(/^0/); // the planted sink at token 0
  const box = await page.getByTestId('pane-0-canvas-interact').boundingBox();
  if (!box) throw new Error('no map');
  await page.mouse.move(box.x + 0.5, box.y + box.height * 0.9); // the first column of tiles: keys 0–7
  await expect(page.getByTestId('pane-0').getByTestId('hover-readout')).toHaveText(/^query \d+–\d+ · key 0–7 · max p = /);
  // The stated memory bound: the selected head's P (N²·4 = 64 MiB) plus O(N·N/256) partials.
  const peak = await page.getByTestId('perf-peak').textContent();
  const mib = Number(peak?.replace(' MiB', ''));
  console.log(`peak GPU memory at N = 4096: ${peak}`);
  expect(mib).toBeGreaterThanOrEqual(64);
  expect(mib).toBeLessThanOrEqual(70);
});
