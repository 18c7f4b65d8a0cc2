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

test('a dropped Llama-layout model (config.json, tokenizer.json, model.safetensors) runs with BPE pieces', async ({ page }) => {
  test.setTimeout(240_000);
  const { tinyLlamaConfig, tinyLlamaTensors } = await import('../src/models/testLlama');
  const { writeSafetensors } = await import('../src/models/safetensors');
  const { readFileSync } = await import('node:fs');
  const spec = { nLayer: 1, nHead: 2, nKvHead: 1, nEmbd: 8, nFf: 12, vocab: 274, tied: true, dtype: 'BF16' } as const;
  await page.goto('/#v=1&model=kjv-llama&text=In+the+beginning&p0=softmax');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await page.getByTestId('model-select').selectOption('file');
  await page.getByTestId('model-file').setInputFiles([
    { name: 'config.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tinyLlamaConfig(spec))) },
    { name: 'tokenizer.json', mimeType: 'application/json', buffer: readFileSync('src/models/fixtures/tokenizers/bytelevel-bpe.json') },
    { name: 'model.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(writeSafetensors(tinyLlamaTensors(spec))) },
  ]);
  await expect(page.getByTestId('model-file-drop')).toContainText('Using model.safetensors');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  // BPE pieces: 'In the beginning' is 4 tokens (I, n, ␣the, ␣beginning), not 16 bytes.
  await expect(page.getByTestId('token-count')).toContainText('4 tokens');
});
