import { expect, test, type Page } from '@playwright/test';
import { writeSafetensors } from '../src/models/safetensors';
import { tinyTensors } from '../src/models/testModel';

async function waitForRun(page: Page) {
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
}

/**
 * The shipped model end to end in Chromium (WebGPU on SwiftShader): pick it, type a sentence,
 * see real per-head statistics, the model's predictions and its loss under each method.
 */
test('select the shipped model, type a sentence: per-head statistics, predictions and loss per method', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/#v=1&p0=softmax&p1=temperature&p1.c=0.3');
  await waitForRun(page);
  await page.getByTestId('source-kind-model').check();
  await expect(page.getByTestId('model-select')).toHaveValue('kjv-baseline');
  const text = page.getByTestId('model-text');
  await text.fill('And God said, Let there be light');
  await text.blur();
  await expect(page).toHaveURL(/model=kjv-baseline/);
  await expect(page).toHaveURL(/text=And\+God\+said/);
  await expect(page.getByTestId('token-count')).toContainText('33 tokens'); // BOS + 32 bytes
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  // The model's own output: tokens, a loss well under uniform (ln 257 = 5.55), top-5 predictions.
  await page.getByTestId('tab-model').click(); // the model's own output is one tab away
  await expect(page.getByTestId('token-strip').getByRole('listitem')).toHaveCount(33);
  const loss = Number(await page.getByTestId('model-loss').getAttribute('data-value'));
  expect(loss).toBeGreaterThan(0.3);
  expect(loss).toBeLessThan(3.5);
  await page.getByTestId('token-5').hover();
  await expect(page.getByTestId('prediction')).toContainText('token 5 is');
  await expect(page.getByTestId('prediction').locator('li')).toHaveCount(5);
  // Each pane's method inside the model: pane 0 (softmax) reproduces the plain loss.
  expect(Number(await page.getByTestId('pane-loss-0').getAttribute('data-value'))).toBeCloseTo(loss, 5);
  const l1 = Number(await page.getByTestId('pane-loss-1').getAttribute('data-value'));
  expect(Number.isFinite(l1) && Math.abs(l1 - loss) > 1e-4).toBe(true);
  // 6 layers × 16 heads: the overview holds every head's α₀, and some head is a first-token sink.
  await page.getByTestId('tab-heads').click();
  const cells = page.getByTestId('layer-overview').getByRole('gridcell');
  await expect(cells).toHaveCount(96);
  const alpha0 = await cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  expect(alpha0.every(Number.isFinite)).toBe(true);
  expect(Math.max(...alpha0)).toBeGreaterThan(0.3);
  // Pick the strongest sink head: the grid, tables and maps follow, and the link keeps it.
  const best = alpha0.indexOf(Math.max(...alpha0));
  await page.getByTestId('tab-heads').click();
  await page.getByTestId(`overview-${Math.floor(best / 16)}-${best % 16}`).click();
  await expect(page).toHaveURL(new RegExp(`layer=${Math.floor(best / 16)}&head=${best % 16}`));
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.getByTestId(`head-cell-${best % 16}`)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('pane-0-canvas')).toBeVisible();
  await page.getByTestId('tab-model').click();
  await expect(page.getByTestId('family-entropy')).toBeVisible();
  // The three shipped variants on this text, side by side: the baseline's row is the model above.
  await page.getByTestId('family-run').click();
  await expect(page.getByTestId('family-table').locator('tbody tr')).toHaveCount(3, { timeout: 180_000 });
  expect(Number(await page.getByTestId('family-loss-kjv-baseline').getAttribute('data-value'))).toBeCloseTo(loss, 4);
  await expect(page.getByTestId('family-sinks-kjv-baseline')).not.toHaveText(/^0 /);
  await page.screenshot({ path: 'test-results/model-source.png', fullPage: true });
  // A cold load of the link shows the same loss.
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  expect(Number(await page.getByTestId('model-loss').getAttribute('data-value'))).toBeCloseTo(loss, 5);
});

test('a dropped GPT-2-style model.safetensors runs with GPT-2 BPE tokens; a link to it asks for the file again', async ({ page }) => {
  test.setTimeout(240_000);
  // A random GPT-2 with the real vocabulary (50257) and no metadata block, as Hugging Face files are.
  const tensors = tinyTensors({ nLayer: 2, nHead: 12, nEmbd: 48, nCtx: 64, vocab: 50257, dtype: 'F16', seed: 3 });
  const buffer = Buffer.from(writeSafetensors(tensors));
  await page.goto('/#v=1&model=kjv-baseline&text=In+the+beginning&p0=softmax');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await page.getByTestId('model-select').selectOption('file');
  await expect(page.getByTestId('notices')).toContainText('drop a GPT-2-style model.safetensors');
  await page.getByTestId('model-file').setInputFiles({ name: 'model.safetensors', mimeType: 'application/octet-stream', buffer });
  await expect(page.getByTestId('model-file-drop')).toContainText('Using model.safetensors');
  const text = page.getByTestId('model-text');
  await text.fill('Hello world, the lab');
  await text.blur();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  // GPT-2 BPE: "Hello world, the lab" is five tokens, shown as the tokenizer pieces.
  await page.getByTestId('tab-model').click();
  await expect(page.getByTestId('token-strip').getByRole('listitem')).toHaveText(['Hello', '␣world', ',', '␣the', '␣lab']);
  await page.getByTestId('tab-heads').click();
  await expect(page.getByTestId('layer-overview').getByRole('gridcell')).toHaveCount(24);
  const loss = Number(await page.getByTestId('model-loss').getAttribute('data-value'));
  expect(loss).toBeGreaterThan(5); // random weights: about ln 50257 ≈ 10.8, not a trained model's
  // The file is not in the link: a cold load of it says so and keeps a usable lab.
  const url = page.url();
  expect(url).toContain('model=file');
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.getByTestId('notices')).toContainText('drop a GPT-2-style model.safetensors', { timeout: 60_000 });
  await expect(page.getByTestId('model-file-drop')).toBeVisible();
});
