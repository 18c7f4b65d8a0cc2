import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PRESET_LINKS } from '../src/presets/presets';
import { pngTextChunks } from '../src/views/export';
import { anyExperimentOf, twinPaneEntropies } from './twin';

async function waitForRun(page: Page) {
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
}

test('every preset loads from the Lessons panel and its numbers equal the twins', async ({ page }) => {
  test.setTimeout(480_000);
  await page.goto('/#v=1&n=8&h=1&p0=softmax');
  await waitForRun(page);
  for (const preset of PRESET_LINKS) {
    const precomputed = page.waitForResponse((r) => r.url().endsWith(`/presets/${preset.id}.json`));
    await page.getByTestId(`preset-${preset.id}`).click();
    expect((await precomputed).status()).toBe(200); // its statistics are shown before the GPU run ends
    await expect(page.getByTestId('preset-explanation')).toContainText(preset.explanation.slice(0, 30));
    await waitForRun(page);
    const exp = anyExperimentOf(new URL(page.url()).hash);
    expect(exp.source).toEqual(anyExperimentOf(preset.link).source);
    const twin = await twinPaneEntropies(exp);
    for (const k of exp.methods.keys()) {
      await expect(page.getByTestId(`summary-entropy-${k}`)).not.toHaveText('…');
      const shown = Number(await page.getByTestId(`summary-entropy-${k}`).textContent());
      expect(Math.abs(shown - (twin[k] as number)), `${preset.id} pane ${k}`).toBeLessThanOrEqual(2e-5);
    }
  }
});

test('a lesson link hides the controls it names, and presentation mode drops the chrome', async ({ page }) => {
  await page.goto('/#v=1&n=24&h=2&p0=softmax&hide=seed,sinks,panes');
  await waitForRun(page);
  await expect(page.getByTestId('seqLen')).toBeVisible();
  await expect(page.getByTestId('seed')).toHaveCount(0);
  await expect(page.getByTestId('tau')).toHaveCount(0);
  await expect(page.getByTestId('add-pane')).toHaveCount(0);

  // Make a lesson link from the panel, open it, and find the same controls gone.
  await page.getByTestId('tab-share').click();
  await page.getByTestId('hide-mask').check();
  await page.getByTestId('lesson-present').check();
  const link = await page.getByTestId('lesson-link').inputValue();
  expect(link).toContain('hide=seed%2Csinks%2Cpanes%2Cmask');
  expect(link).toContain('present=1');
  await page.goto(link);
  await waitForRun(page);
  await expect(page.locator('.app.present')).toHaveCount(1);
  await expect(page.locator('aside.sidebar')).toHaveCount(0);
  await page.getByTestId('present-toggle').click();
  await expect(page.locator('aside.sidebar')).toBeVisible();
  await expect(page.getByTestId('mask-kind')).toHaveCount(0);
});

test('exports: PNG and SVG of a view and CSV/JSON of the statistics, each with the link', async ({ page }) => {
  await page.goto('/#v=1&seed=11&n=40&h=2&d=16&sink=5&ss=4&p0=softmax&p1=act&diff=1-0');
  await waitForRun(page);
  await page.getByTestId('tab-export').click();
  const save = async (target: string, format: string) => {
    await page.getByTestId('export-target').selectOption(target);
    await page.getByTestId('export-format').selectOption(format);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-go').click()]);
    return readFileSync((await dl.path()) as string);
  };
  const link = page.url();
  const png = new Uint8Array(await save('pane-0', 'png'));
  expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(pngTextChunks(png).Source).toBe(link);
  const width = new DataView(png.buffer, png.byteOffset).getUint32(16);
  expect(width).toBeGreaterThan(600); // 2× the card
  const svg = (await save('compare', 'svg')).toString('utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('<metadata>Attention Lab experiment: ');
  expect(svg).toContain('<image');
  const chart = (await save('alpha-bars', 'svg')).toString('utf8');
  expect(chart).toContain('data-testid="alpha-bars"');
  expect(chart).toContain('<metadata>Attention Lab experiment: ');
  const csv = (await save('compare', 'csv')).toString('utf8').trim().split('\n');
  expect(csv[0]).toBe(`# Attention Lab experiment: ${link}`);
  expect(csv[1]?.startsWith('pane,method,layer,head,mean_entropy_nats')).toBe(true);
  expect(csv).toHaveLength(2 + 2 * 2); // 2 panes × 2 heads
  const json = JSON.parse((await save('compare', 'json')).toString('utf8'));
  expect(json.link).toBe(link);
  expect(json.rows).toHaveLength(4);
});

test('the tour can be completed with the keyboard alone', async ({ page }) => {
  await page.goto('/#v=1&seed=11&n=40&h=4&d=16&sink=5&ss=4&p0=softmax&p1=act&diff=1-0');
  await waitForRun(page);
  await page.getByTestId('tour-start').focus();
  await page.keyboard.press('Enter');
  const tour = page.getByTestId('tour');
  await expect(tour).toHaveAttribute('data-step', '0');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await expect(tour).toHaveAttribute('data-step', '2');
  await page.getByTestId('head-cell-1').focus(); // the step asks: select head 1
  await page.keyboard.press('Enter');
  await expect(tour).toHaveAttribute('data-step', '3');
  await page.keyboard.press('ArrowRight');
  await expect(tour).toHaveAttribute('data-step', '4');
  await page.getByTestId('tau').focus(); // the step asks: move τ
  await page.keyboard.press('ArrowLeft');
  await expect(tour).toHaveAttribute('data-step', '5'); // the ACT pane is already there
  await expect(tour).toHaveAttribute('data-step', '6');
  await page.keyboard.press('Space'); // focus is still on the τ slider: Space goes on, arrows would move it
  await expect(tour).toHaveAttribute('data-step', '7');
  await page.keyboard.press('Space'); // Finish
  await expect(tour).toHaveCount(0);
});

test('axe finds no serious or critical accessibility violation', async ({ page }) => {
  for (const link of ['/', `/${PRESET_LINKS[1]?.link}`]) {
    await page.goto(link);
    await waitForRun(page);
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ").slice(0, 400)}`)).toEqual([]);
  }
});
