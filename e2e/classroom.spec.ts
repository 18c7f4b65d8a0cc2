import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PRESET_LINKS } from '../src/presets/presets';
import { pngTextChunks } from '../src/views/export';
import { expectVisibleDifference } from './lessonChecks';
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
    // A lesson that compares panes shows the difference it names.
    await expectVisibleDifference(page, exp.methods.length, preset.id, exp.source.kind === 'model');
  }
});

test('the first screen shows a difference: the default ACT pane calibrates the selected head', async ({ page }) => {
  await page.goto('/');
  await waitForRun(page);
  await expect(page.getByTestId('act-calibrated')).not.toHaveText(/none|not applied/);
  await expectVisibleDifference(page, 2, 'default experiment');
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
  await expect(page.locator('.status-bar')).toBeHidden(); // no status chrome on a projector
  await expect(page.locator('.app-footer')).toHaveCount(0);
  await expect(page.locator('aside.sidebar')).toHaveCount(0);
  await page.getByTestId('present-toggle').click();
  await expect(page.locator('aside.sidebar')).toBeVisible();
  await expect(page.getByTestId('mask-kind')).toHaveCount(0);
});

test('exports: PNG and SVG figures (titles, methods, axes, colour bars, link) and CSV/JSON statistics, each with the link', async ({ page }) => {
  const csp: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/.test(m.text())) csp.push(m.text()); });
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
  expect(svg).not.toContain('style=');
  // A figure a reader understands alone: what it is, each pane's method, axes, colour bars, the link.
  const words = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' | ');
  for (const want of ['Attention Lab · all panes · synthetic input, N = 40', 'Reference: Softmax (baseline)', 'Pane 1: ACT — attention calibration',
    'Difference', '1: ACT', '0: softmax', 'key position j', 'query position i', 'probability p', 'Δp (orange: more, purple: less)', 'open this figure’s experiment']) {
    expect(words, want).toContain(want.replace(/&/g, '&amp;'));
  }
  expect(words.replace(/ \| /g, '')).toContain(link.replace(/&/g, '&amp;'));
  const chart = (await save('alpha-bars', 'svg')).toString('utf8'); // on a closed tab: still exported whole
  expect(chart).toContain('data-testid="alpha-bars"');
  expect(chart).toContain('<metadata>Attention Lab experiment: ');
  expect(chart).toContain('α_j received');
  expect(chart).toContain('Attention Lab · α bars');
  const csv = (await save('compare', 'csv')).toString('utf8').trim().split('\n');
  expect(csv[0]).toBe(`# Attention Lab experiment: ${link}`);
  expect(csv[1]?.startsWith('pane,method,layer,head,mean_entropy_nats')).toBe(true);
  expect(csv).toHaveLength(2 + 2 * 2); // 2 panes × 2 heads
  const json = JSON.parse((await save('compare', 'json')).toString('utf8'));
  expect(json.link).toBe(link);
  expect(json.rows).toHaveLength(4);
  expect(csp).toEqual([]);
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
  // Step 4 spotlights the α bars (opening their tab), not another panel.
  await expect(page.getByTestId('alpha-bars')).toBeVisible();
  await expect.poll(async () => {
    const bars = (await page.getByTestId('alpha-bars').boundingBox())!;
    const spot = await page.locator('.tour-highlight').boundingBox();
    return spot !== null && spot.x <= bars.x && spot.y <= bars.y && spot.x + spot.width >= bars.x + bars.width && spot.y + spot.height >= bars.y + bars.height;
  }).toBe(true);
  await page.keyboard.press('ArrowRight');
  await expect(tour).toHaveAttribute('data-step', '4');
  await page.getByTestId('tau').focus(); // the step asks: move τ
  await page.keyboard.press('ArrowLeft');
  await expect(tour).toHaveAttribute('data-step', '5'); // the ACT pane is already there
  // It says done only once the rerun has drawn the ACT pane's map (not while it computes).
  await expect(page.getByTestId('tour-action')).toContainText('Done');
  await expect(page.locator('[data-testid=pane-1] .heatmap.stale')).toHaveCount(0);
  await expect(page.getByTestId('pane-1-canvas')).toBeVisible();
  await expect(tour).toHaveAttribute('data-step', '6');
  const tau = await page.getByTestId('tau').inputValue();
  await page.keyboard.press('ArrowRight'); // focus is still on the τ slider, but this step asks nothing of it: → goes on
  await expect(tour).toHaveAttribute('data-step', '7');
  expect(await page.getByTestId('tau').inputValue()).toBe(tau);
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
