import { chromium, expect, test } from '@playwright/test';
import config from '../playwright.config';
import { cpuHeadStats } from '../src/engine/cpuStats';
import { experimentOf } from './twin';

const LINK = '#v=1&seed=11&n=40&h=2&d=16&sink=5&ss=4&p0=softmax&p1=act&diff=1-0';

test('without WebGPU the lab says so and computes on the CPU engine, with the same numbers', async () => {
  // The same Chromium without --enable-unsafe-webgpu: navigator.gpu exists but grants no adapter.
  const launch = config.use?.launchOptions ?? {};
  const browser = await chromium.launch({ ...launch, args: (launch.args ?? []).filter((a) => a !== '--enable-unsafe-webgpu') });
  try {
    const page = await browser.newPage();
    await page.goto(`${config.use?.baseURL}/${LINK}`);
    await expect(page.getByTestId('adapter-badge')).toHaveText('No WebGPU: CPU engine (float64, small N)');
    await expect(page.getByTestId('notices')).toContainText('CPU engine');
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
    const exp = experimentOf(LINK);
    for (const [k, m] of exp.methods.entries()) {
      const want = cpuHeadStats(exp.source, exp.view.head, exp.analysis, m, true).meanEntropy;
      const got = Number(await page.getByTestId(`summary-entropy-${k}`).textContent());
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-6);
    }
    await expect(page.getByTestId('pane-0-canvas')).toBeVisible();
  } finally {
    await browser.close();
  }
});
