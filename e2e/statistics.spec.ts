import { expect, test, type Page } from '@playwright/test';
import { experimentOf, twinHeadStats } from './twin';

/** 40 tokens, a planted sink at key 5, 4 heads; a top-4 mask. */
const LINK = '#v=1&seed=11&n=40&h=4&d=16&sink=5&ss=4&sharp=1&mask=topk&k=4&head=0';

async function waitForRun(page: Page) {
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
  await expect(page.locator('[data-testid^=table-entropy-]').filter({ hasText: '…' })).toHaveCount(0);
}

/** The head table's format: up to six positions, then a count. */
const listed = (xs: readonly number[]) =>
  xs.length === 0 ? '—' : xs.length <= 6 ? xs.join(' ') : `${xs.slice(0, 6).join(' ')} …(+${xs.length - 6})`;

test('changing τ: the detected sinks on screen match the twin for every head', async ({ page }) => {
  await page.goto(`/${LINK}`);
  await waitForRun(page);
  for (const tau of [0.1, 0.04, 0.2]) {
    await page.getByTestId('tau-number').fill(String(tau));
    await expect(page).toHaveURL(new RegExp(`tau=${tau}(&|$)`));
    await waitForRun(page);
    const exp = experimentOf(new URL(page.url()).hash);
    expect(exp.analysis.sinks.tau).toBe(tau);
    for (let h = 0; h < exp.source.heads; h++) {
      const twin = twinHeadStats(exp, h);
      // A key within 1e-5 of τ could flip between fp32 and fp64; make sure the fixture has none.
      for (const a of twin.alpha) expect(Math.abs(a - tau)).toBeGreaterThan(1e-5);
      await expect(page.getByTestId(`table-sinks-${h}`)).toHaveText(listed(twin.sinks.detected));
      const mass = Number(await page.getByTestId(`table-sinkmass-${h}`).textContent());
      expect(Math.abs(mass - twin.meanSinkMass)).toBeLessThanOrEqual(1e-4);
    }
    const twin0 = twinHeadStats(exp, 0);
    await expect(page.getByTestId('sinks-detected')).toHaveText(twin0.sinks.detected.join(', ') || 'none');
    await expect(page.getByTestId('sinks-noninitial')).toHaveText(twin0.sinks.nonInitial.join(', ') || 'none');
  }
  // The planted sink at key 5 is a non-initial sink at τ = 0.2, and is marked on the map.
  await expect(page.getByTestId('sinks-noninitial')).toContainText('5');
  await expect(page.locator('[data-testid=pane-0] [data-testid=sink-markers] path[data-key="5"]')).toHaveCount(1);
});

test('a top-k mask: sparsity and kept mass on screen equal the twin; the map shows the veil', async ({ page }, info) => {
  await page.goto(`/${LINK}`);
  await waitForRun(page);
  const exp = experimentOf(LINK);
  for (let h = 0; h < exp.source.heads; h++) {
    const twin = twinHeadStats(exp, h);
    if (!twin.mask) throw new Error('twin has no mask');
    const sparsity = Number((await page.getByTestId(`table-sparsity-${h}`).textContent())?.replace('%', '')) / 100;
    const kept = Number(await page.getByTestId(`table-retained-${h}`).textContent());
    expect(Math.abs(sparsity - twin.mask.sparsity)).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(kept - twin.mask.meanRetained)).toBeLessThanOrEqual(1e-4);
  }
  const twin0 = twinHeadStats(exp, 0).mask;
  const js = Number(await page.getByTestId('mask-js').textContent());
  const mean = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length;
  expect(Math.abs(js - mean(twin0?.js ?? []))).toBeLessThanOrEqual(1e-4);
  const dO = Number(await page.getByTestId('mask-outdelta').textContent());
  expect(Math.abs(dO - mean(twin0?.outDelta ?? []))).toBeLessThanOrEqual(1e-3);
  await expect(page.getByTestId('mask-kl')).toHaveText(/^∞ — the mask drops keys/); // top-4 drops keys the dense map attends to; the reason is said
  await expect(page.getByTestId('pane-0').getByTestId('mask-veil')).toBeVisible();
  await page.getByTestId('tab-sinks').click();
  await expect(page.getByTestId('alpha-bars')).toBeVisible();
  await page.getByTestId('tab-entropy').click();
  await expect(page.getByTestId('entropy-line')).toBeVisible();
  const shot = info.outputPath('statistics.png');
  await page.screenshot({ path: shot, fullPage: true });
  await info.attach('statistics', { path: shot, contentType: 'image/png' });
});
