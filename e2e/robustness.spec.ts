import { chromium, expect, test, type Page } from '@playwright/test';
import config from '../playwright.config';
import type { LabTestHooks } from '../src/client/testBridge';
import { writeSafetensors } from '../src/models/safetensors';
import { tinyTensors } from '../src/models/testModel';
import { DEFAULT_EXPERIMENT, asSynthetic } from '../src/schema/experiment';

declare global {
  interface Window {
    __labTest?: LabTestHooks;
  }
}

/**
 * Long maps and hostile use that once lost the user's work: every test reproduces an attack and
 * checks the lab survives it with numbers or a clear message on screen.
 */

/** Waits for the run to finish; fails at once, with the notice, if it fails. */
async function waitDone(page: Page, timeout: number) {
  const status = page.getByTestId('run-status');
  await expect(status).toHaveAttribute('data-status', /done|error/, { timeout });
  if ((await status.getAttribute('data-status')) === 'error') throw new Error(`run failed: ${await page.getByTestId('notices').textContent()}`);
}

async function expectDiffDrawn(page: Page, timeout: number) {
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout });
  await expect(page.getByTestId('diff-canvas')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0); // no crash screen
}

test('the difference pane draws at N = 512 and N = 2048 (a spread of the map into Math.max crashed at N ≥ ~400)', async ({ page }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#v=1&seed=3&n=512&h=1&d=4&D=8&sink=0&ss=4&p0=softmax&p1=act&diff=1-0');
  await expectDiffDrawn(page, 60_000);
  const t0 = Date.now();
  await page.evaluate(() => { window.location.hash = '#v=1&seed=3&n=2048&h=1&d=4&D=8&sink=0&ss=4&p0=softmax&p1=act&diff=1-0'; });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await expectDiffDrawn(page, 180_000);
  console.log(`N = 2048, 1 head, default panes: difference drawn after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  expect(errors).toEqual([]);
});

const TEXT = 'In the beginning God created the heaven and the earth. And the earth was without form, and void; and darkness was upon the face of the deep. And the Spirit of God moved upon the face of the waters. And God said, Let there be light: and there was light.';
const modelLink = (text: string) => `#v=1&model=kjv-baseline&text=${encodeURIComponent(text)}&p0=softmax&p1=act&diff=1-0`;

test('without WebGPU a long model run is not taken for a hang, and a restarted worker comes back on the CPU', async () => {
  test.setTimeout(300_000);
  const launch = config.use?.launchOptions ?? {};
  const browser = await chromium.launch({ ...launch, args: (launch.args ?? []).filter((a) => a !== '--enable-unsafe-webgpu') });
  try {
    const page = await browser.newPage();
    expect(TEXT.length).toBeGreaterThanOrEqual(250);
    const t0 = Date.now();
    await page.goto(`${config.use?.baseURL}/?testhooks=1${modelLink(TEXT)}`);
    await expect(page.getByTestId('adapter-badge')).toHaveText(/No WebGPU/);
    await waitDone(page, 240_000);
    console.log(`no WebGPU, ${TEXT.length}-byte text, 2 panes: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await expect(page.getByTestId('notices').filter({ hasText: 'stopped answering' })).toHaveCount(0);
    // A worker killed without a word: the heartbeat restarts it, in CPU mode again.
    await page.evaluate(() => window.__labTest?.terminateWorker());
    await page.evaluate((h) => { window.location.hash = h; }, modelLink('And God saw the light'));
    await expect(page.getByTestId('notices')).toContainText('stopped answering', { timeout: 30_000 });
    await waitDone(page, 60_000);
    await expect(page.getByTestId('notices').filter({ hasText: /adapter|WebGPU is not/ })).toHaveCount(0);
    expect(Number(await page.getByTestId('model-loss').getAttribute('data-value'))).toBeGreaterThan(0);
  } finally {
    await browser.close();
  }
});

test('a slow model parse is not taken for a hang; a refused file keeps the working one; a restarted worker gets the file back', async ({ page }) => {
  test.setTimeout(240_000);
  // A small random GPT-2 (byte-level vocabulary) stands in for a 500 MB file: the hook holds the
  // worker's thread for 8 s while it parses, as a 500 MB F16 file does.
  const tensors = tinyTensors({ nLayer: 1, nHead: 12, nEmbd: 24, nCtx: 64, vocab: 50257, dtype: 'F16', seed: 5 });
  const file = { name: 'big_f16.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(writeSafetensors(tensors)) };
  await page.goto('/?testhooks=1#v=1&model=kjv-baseline&text=In+the+beginning&p0=softmax');
  await waitDone(page, 120_000);
  await page.getByTestId('model-select').selectOption('file');
  await page.evaluate(() => window.__labTest?.fault({ kind: 'slow-parse', ms: 8000 }));
  await page.getByTestId('model-file').setInputFiles(file);
  await expect(page.getByTestId('model-file-drop')).toContainText('Reading big_f16.safetensors');
  await expect(page.getByTestId('model-file-drop')).toContainText('Using big_f16.safetensors', { timeout: 60_000 });
  await waitDone(page, 120_000);
  await expect(page.getByTestId('notices').filter({ hasText: 'stopped answering' })).toHaveCount(0);
  const loss = await page.getByTestId('model-loss').getAttribute('data-value');
  // A broken file is refused and the working one stays.
  await page.getByTestId('model-file').setInputFiles({ name: 'broken.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model') });
  await expect(page.getByTestId('notices')).toContainText('broken.safetensors was refused');
  await expect(page.getByTestId('notices')).toContainText('big_f16.safetensors stays in use');
  await expect(page.getByTestId('model-file-drop')).toContainText('Using big_f16.safetensors');
  // A worker killed without a word: the new one gets the file again and the run repeats.
  await page.evaluate(() => window.__labTest?.terminateWorker());
  await page.getByTestId('model-text').fill('In the beginning God');
  await page.getByTestId('model-text').blur();
  await expect(page.getByTestId('notices')).toContainText('stopped answering', { timeout: 30_000 });
  await waitDone(page, 120_000);
  await expect(page.getByTestId('notices').filter({ hasText: 'No model file here' })).toHaveCount(0);
  expect(await page.getByTestId('model-loss').getAttribute('data-value')).not.toBe(loss); // a longer text
  // A chunk the worker cannot send fails the run with a message, and the next run works.
  await page.evaluate(() => window.__labTest?.fault({ kind: 'unsendable-chunk' }));
  await page.getByTestId('model-text').fill('In the beginning');
  await page.getByTestId('model-text').blur();
  await expect(page.getByTestId('notices')).toContainText('could not be sent to the page');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'error');
  await page.getByTestId('model-text').fill('In the beginning God');
  await page.getByTestId('model-text').blur();
  await waitDone(page, 120_000);
});

test('the crash screen\'s "Reload with the default experiment" brings the lab back without a reload', async ({ page }) => {
  await page.goto('/?testhooks=1#v=1&seed=5&n=24&h=2&d=8');
  await waitDone(page, 60_000);
  await page.evaluate(() => window.dispatchEvent(new Event('lab-test-render-fault')));
  await expect(page.getByRole('alert')).toContainText('Something in the lab broke');
  await page.getByTestId('fatal-reset').click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await waitDone(page, 60_000);
  await expect(page.getByTestId('seed-number')).toHaveValue(String(asSynthetic(DEFAULT_EXPERIMENT).source.seed)); // the default experiment
});

test('a model=gpt2 link asks before a 548 MB download and downloads nothing meanwhile', async ({ page }) => {
  const hub: string[] = [];
  page.on('request', (r) => { if (r.url().includes('huggingface.co')) hub.push(r.url()); });
  await page.goto('/#v=1&model=gpt2&text=Hello+world&p0=softmax');
  await expect(page.getByTestId('download-ask')).toContainText('about 548 MB');
  await expect(page.getByTestId('download-ok')).toBeVisible();
  await page.waitForTimeout(1500);
  expect(hub).toEqual([]);
  await expect(page.getByTestId('run-status')).not.toHaveAttribute('data-status', 'running');
});
