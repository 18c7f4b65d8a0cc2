import { expect, test } from '@playwright/test';
import { syntheticHead } from '../src/engine/headInputs';
import { cpuHeadStats, cpuPaneMap } from '../src/engine/cpuStats';
import { rowDivergence } from '../src/reference/rowDivergence';
import { experimentOf } from './twin';

/** Softmax, ACT and selective temperature on one input, head 1, the difference ACT − softmax. */
const LINK = '#v=1&seed=11&n=40&h=4&d=16&sink=5&ss=4&head=1&p0=softmax&p1=act&p1.tau=0.08&p1.beta=0.3&p2=temperature&p2.c=0.5&diff=1-0';

const mean = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length;

test('a three-method comparison built from a link: the summary table equals the twins', async ({ page }, info) => {
  await page.goto(`/${LINK}`);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
  const exp = experimentOf(LINK);
  expect(exp.methods.map((m) => m.id)).toEqual(['softmax', 'act', 'temperature']);
  for (const k of [0, 1, 2]) await expect(page.getByTestId(`pane-${k}-canvas`)).toBeVisible();
  await expect(page.getByTestId('diff-canvas')).toBeVisible();

  const head = exp.view.head;
  const base = cpuPaneMap(syntheticHead(exp.source, head, true), exp.methods[0]!).p;
  for (const [k, m] of exp.methods.entries()) {
    const twin = cpuHeadStats(exp.source, head, exp.analysis, m, true);
    await expect(page.getByTestId(`summary-entropy-${k}`)).not.toHaveText('…');
    const h = Number(await page.getByTestId(`summary-entropy-${k}`).textContent());
    expect(Math.abs(h - twin.meanEntropy), `pane ${k} entropy`).toBeLessThanOrEqual(1e-5);
    const sm = Number(await page.getByTestId(`summary-sinkmass-${k}`).textContent());
    expect(Math.abs(sm - twin.meanSinkMass), `pane ${k} sink mass`).toBeLessThanOrEqual(1e-4);
    if (k > 0) {
      const js = Number(await page.getByTestId(`summary-js-${k}`).textContent());
      const want = mean(rowDivergence(base, twin.p, exp.source.seqLen).js);
      expect(Math.abs(js - want), `pane ${k} JS`).toBeLessThanOrEqual(1e-5);
    }
  }
  // ACT moves mass: calibrated sinks are listed, and the panes' entropies differ.
  await expect(page.getByTestId('act-calibrated')).not.toHaveText('none');
  const shot = info.outputPath('methods.png');
  await page.screenshot({ path: shot, fullPage: true });
  await info.attach('methods', { path: shot, contentType: 'image/png' });
});

test('panes can be added, duplicated and removed, and the link follows', async ({ page }) => {
  await page.goto('/#v=1&n=24&h=2&p0=softmax');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
  await page.getByTestId('add-method').selectOption('sigma');
  await page.getByTestId('add-pane').click();
  await expect(page).toHaveURL(/p1=sigma/);
  await page.getByTestId('pane-1-duplicate').click();
  await expect(page).toHaveURL(/p2=sigma/);
  await page.getByTestId('pane-1-remove').click();
  await expect(page).not.toHaveURL(/p2=/);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
  await page.getByTestId('tab-methods').click();
  await expect(page.getByTestId('sigma-facts')).toBeVisible();
  await expect(page.getByTestId('sigma-sweep')).toBeVisible();
  // One power-iteration step (σReparam's own) is said in words, not drawn as a lone dot.
  await expect(page.getByTestId('sigma-iters-note')).toBeVisible();
  await expect(page.getByTestId('sigma-iters')).toHaveCount(0);
  // No legend runs past its chart (long labels wrap onto a second row).
  const cut = await page.locator('[data-testid=tabpanel-methods] svg[role=img]').evaluateAll((svgs) => svgs.flatMap((svg) => {
    const right = svg.getBoundingClientRect().right;
    return [...svg.querySelectorAll('.chart-note')].filter((t) => t.getBoundingClientRect().right > right + 1).map((t) => t.textContent);
  }));
  expect(cut).toEqual([]);
});

test('zoom: a dragged rectangle zooms every pane alike, the link keeps it, and values match the twin', async ({ page }) => {
  await page.goto('/#v=1&seed=11&n=48&h=2&d=16&sink=5&ss=4&p0=softmax&p1=temperature&p1.c=0.5&diff=1-0');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
  const layer = page.getByTestId('pane-0-canvas-interact');
  const box = await layer.boundingBox();
  if (!box) throw new Error('no map');
  const at = (q: number, k: number) => ({ x: box.x + ((k + 0.5) / 48) * box.width, y: box.y + ((q + 0.5) / 48) * box.height });
  const from = at(20, 2);
  const to = at(39, 13);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/zoom=20-40%2C2-14/);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
  for (const id of ['pane-0-canvas', 'pane-1-canvas', 'diff-canvas']) {
    await expect(page.getByTestId(id)).toHaveAttribute('width', '12');
    await expect(page.getByTestId(id)).toHaveAttribute('height', '20');
  }
  // Every zoomed entry is the twin's P at that query and key.
  const exp = experimentOf(new URL(page.url()).hash);
  const p = cpuPaneMap(syntheticHead(exp.source, 0, true), exp.methods[0]!).p;
  const zb = await page.getByTestId('pane-0-canvas-interact').boundingBox();
  if (!zb) throw new Error('no zoomed map');
  await page.mouse.move(zb.x + (3.5 / 12) * zb.width, zb.y + (10.5 / 20) * zb.height);
  const readout = page.getByTestId('pane-0').getByTestId('hover-readout');
  await expect(readout).toHaveText(/^query 30 · key 5 · p = /);
  const shown = Number((await readout.textContent())?.split('= ')[1]);
  expect(Math.abs(shown - (p[30 * 48 + 5] as number))).toBeLessThanOrEqual(6e-5);
  await page.getByTestId('zoom-reset').click();
  await expect(page).not.toHaveURL(/zoom=/);
  await expect(page.getByTestId('pane-0-canvas')).toHaveAttribute('width', '48');
});
