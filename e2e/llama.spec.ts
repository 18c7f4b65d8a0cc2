import { expect, test } from '@playwright/test';

/**
 * The shipped Llama-architecture model in Chromium (WebGPU on SwiftShader): its 6 × 8 query heads
 * fill the overview, the model's loss is a trained model's, and its sink head L4H7 attends to BOS.
 */
test('kjv-llama from a link: 48 query heads in the overview, a trained loss, a BOS sink', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/#v=1&model=kjv-llama&text=In+the+beginning+God+created+the+heaven+and+the+earth.&p0=softmax&p1=act&layer=4&head=7');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  await expect(page.getByTestId('model-select')).toHaveValue('kjv-llama');
  const loss = Number(await page.getByTestId('model-loss').getAttribute('data-value'));
  expect(loss).toBeGreaterThan(0.3);
  expect(loss).toBeLessThan(3);
  const cells = page.getByTestId('layer-overview').getByRole('gridcell');
  await expect(cells).toHaveCount(48);
  const alpha0 = await cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  expect(alpha0.every(Number.isFinite)).toBe(true);
  expect(alpha0[4 * 8 + 7]).toBeGreaterThan(0.2);
  await page.screenshot({ path: 'test-results/llama-overview.png', fullPage: true });
});
