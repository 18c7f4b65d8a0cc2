import { expect, test, type Page } from '@playwright/test';
import { writeSafetensors } from '../src/models/safetensors';
import { attnScores } from '../src/reference/attnScores';
import { entropyMeans, rowEntropy } from '../src/reference/rowEntropy';
import { softmaxRows } from '../src/reference/softmaxRows';
import { randomQkv } from '../src/testing/importFixture';

const L = 2;
const H = 3;
const N = 16;
const D = 8;

async function waitForRun(page: Page) {
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
}

/**
 * Your own tensors end to end: a generated q, k, v .safetensors set on the file input, the
 * per-head statistics on screen equal to the float64 softmax(QKᵀ/√d) ones, then a malformed file
 * refused with a message while the numbers stay, and a cold link that asks for the file again.
 */
test('import Q, K, V from a .safetensors: per-head statistics; a malformed file keeps them', async ({ page }) => {
  test.setTimeout(150_000);
  const { q, k, v } = randomQkv(L, H, N, D, 11);
  const expected = Array.from({ length: H }, (_, h) =>
    entropyMeans(rowEntropy(softmaxRows(attnScores(q.data.subarray(h * N * D, (h + 1) * N * D), k.data.subarray(h * N * D, (h + 1) * N * D), N, D), N), N)).all);
  await page.goto('/#v=1');
  await waitForRun(page);
  await page.getByTestId('source-kind-import').check();
  // Nothing imported yet: the stage asks for files instead of showing the last experiment's maps.
  await expect(page.getByTestId('import-wait')).toContainText('Drop your tensors');
  await expect(page.locator('.compare-cards')).toBeHidden();
  await page.getByTestId('import-file').setInputFiles({ name: 'qkv.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(writeSafetensors({ q, k, v })) });
  await expect(page).toHaveURL(/import=qkv\.safetensors&il=2&ih=3&in=16&id=8&iv=1&imaps=0/);
  await expect(page.getByTestId('import-shape')).toHaveText('2 layers × 3 heads × n 16 × d 8');
  await waitForRun(page);
  await expect(page.getByTestId('import-wait')).toHaveCount(0);
  // Only the methods that run on Q and K are offered (σReparam needs W and X).
  const offered = await page.getByTestId('add-method').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(offered).not.toContain('sigma');
  expect(offered).toContain('act');
  const shown: number[] = [];
  for (let h = 0; h < H; h++) {
    const cell = page.getByTestId(`table-entropy-${h}`);
    await expect(cell).toHaveAttribute('data-value', /\d/);
    shown.push(Number(await cell.getAttribute('data-value')));
    expect(Math.abs((shown[h] as number) - (expected[h] as number)), `head ${h}`).toBeLessThan(1e-4);
  }
  // A malformed file: a message, and the imported experiment and its numbers stay.
  await page.getByTestId('import-file').setInputFiles({ name: 'broken.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a tensor file') });
  await expect(page.getByTestId('notices')).toContainText('safetensors');
  await expect(page).toHaveURL(/import=qkv\.safetensors/);
  expect(Number(await page.getByTestId('table-entropy-1').getAttribute('data-value'))).toBe(shown[1]);
  // A shape mismatch (K shorter than Q) is refused the same way.
  const k2 = { data: k.data.subarray(0, L * H * (N - 1) * D), shape: [L, H, N - 1, D] };
  await page.getByTestId('import-file').setInputFiles({ name: 'mismatch.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(writeSafetensors({ q, k: k2 })) });
  await expect(page.getByTestId('notices')).toContainText('differs from Q shape');
  expect(Number(await page.getByTestId('table-entropy-1').getAttribute('data-value'))).toBe(shown[1]);
  // A cold load of the link has the description but not the data: it asks for the file, and the lab stays usable.
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.getByTestId('notices')).toContainText('this link refers to imported tensors qkv.safetensors: drop the file again');
  await expect(page.getByTestId('import-wait')).toContainText('qkv.safetensors');
  await expect(page.getByTestId('run-status')).toHaveText('waiting for your tensor files');
  await expect(page.locator('.placeholder:visible')).toHaveCount(0);
  await page.getByTestId('source-kind-synthetic').check();
  await waitForRun(page);
  await expect(page.getByTestId('table-entropy-0')).toHaveAttribute('data-value', /\d/);
});
