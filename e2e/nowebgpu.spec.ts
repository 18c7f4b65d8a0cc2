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

// On the CPU engine (heads scored on the shipped calibration passage, ~2 min here), where a forward pass takes milliseconds (SwiftShader spends seconds
// per pass on dispatch overhead): the UI path — layers in turn, the lab usable between, cancel.
test('ACT head search by loss runs a layer at a time, leaves the lab usable, finishes on a short text, and cancels', async () => {
  test.setTimeout(420_000);
  const launch = config.use?.launchOptions ?? {};
  const browser = await chromium.launch({ ...launch, args: (launch.args ?? []).filter((a) => a !== '--enable-unsafe-webgpu') });
  const page = await browser.newPage();
  await page.goto(`${config.use?.baseURL}/#v=1&model=kjv-baseline&text=In&p0=softmax&p1=act&p1.tau=0.05&diff=1-0`);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
  await page.getByTestId('tab-methods').click();
  const t0 = Date.now();
  await page.getByTestId('act-search').click();
  await expect(page.getByTestId('act-search-cancel')).toBeVisible();
  await expect(page.getByTestId('act-search')).toBeDisabled();
  // Usable meanwhile: another head opens (its run goes between the search's layers).
  await page.getByTestId('tab-heads').click();
  await page.getByTestId('head-cell-2').click();
  await expect(page).toHaveURL(/head=2/);
  await expect(page.getByTestId('pane-0-canvas')).toBeVisible();
  await page.getByTestId('tab-methods').click();
  await expect(page.getByTestId('act-search-status')).toHaveAttribute('data-done', 'true', { timeout: 330_000 });
  console.log(`head search over 96 heads on 3 tokens: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  await expect(page.getByTestId('act-search-status')).toContainText('96/96 heads');
  await expect(page.getByTestId('act-search-cancel')).toHaveCount(0);
  expect(await page.locator('[data-testid^=act-search-row-]').count()).toBeGreaterThan(0);
  // Again, then cancel: it stops, the button comes back, what it had found stays.
  await page.getByTestId('act-search').click();
  await page.getByTestId('act-search-cancel').click();
  await expect(page.getByTestId('act-search-cancel')).toHaveCount(0);
  await expect(page.getByTestId('act-search')).toBeEnabled();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
  await browser.close();
});
