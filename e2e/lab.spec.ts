import { expect, test, type Page } from '@playwright/test';
import { experimentOf, twinHeadEntropies } from './twin';

/** A planted sink at key 5 of 40 tokens, 4 heads. */
const LINK = '#v=1&seed=11&n=40&h=4&d=16&sink=5&ss=4&sharp=1&layer=0&head=0';

/** Waits until the current run has finished and every head's numbers are on screen. */
async function waitForRun(page: Page) {
  await expect(page.getByTestId('adapter-badge')).toHaveText(/WebGPU: /);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('pane-0-canvas')).toBeVisible();
  await expect(page.locator('[data-testid^=table-entropy-]').filter({ hasText: '…' })).toHaveCount(0);
}

async function shownEntropies(page: Page, heads: number): Promise<{ cell: number[]; table: number[] }> {
  const cell: number[] = [];
  const table: number[] = [];
  for (let h = 0; h < heads; h++) {
    cell.push(Number(await page.getByTestId(`head-entropy-${h}`).textContent()));
    table.push(Number(await page.getByTestId(`table-entropy-${h}`).textContent()));
  }
  return { cell, table };
}

test('reports the real WebGPU adapter that ran the kernels', async ({ page }) => {
  await page.goto('/');
  await waitForRun(page);
  const badge = page.getByTestId('adapter-badge');
  expect(await badge.getAttribute('data-adapter')).not.toBe('');
  console.log('adapter:', await badge.textContent());
});

test('grid and heatmap render; per-head entropies equal the float64 twin', async ({ page }, info) => {
  await page.goto(`/${LINK}`);
  await waitForRun(page);
  const exp = experimentOf(LINK);
  const want = twinHeadEntropies(exp);
  const got = await shownEntropies(page, exp.source.heads);
  for (let h = 0; h < want.length; h++) {
    expect(Math.abs((got.cell[h] as number) - (want[h] as number)), `head ${h} grid`).toBeLessThanOrEqual(1e-4);
    expect(Math.abs((got.table[h] as number) - (want[h] as number)), `head ${h} table`).toBeLessThanOrEqual(1e-5);
  }
  const maps = exp.source.heads * exp.methods.length;
  await expect(page.getByTestId('progress')).toHaveText(`${maps}/${maps} maps computed (heads × panes)`);

  // The planted sink is a bright column: key 5 receives far more than its neighbours.
  const colour = await page.getByTestId('pane-0-canvas').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx) return null;
    const { data, width, height } = ctx.getImageData(0, 0, c.width, c.height);
    const lum = (x: number, y: number) => {
      const o = 4 * (y * width + x);
      return 0.2126 * (data[o] ?? 0) + 0.7152 * (data[o + 1] ?? 0) + 0.0722 * (data[o + 2] ?? 0);
    };
    const column = (x: number) => {
      let s = 0;
      for (let y = x + 1; y < height; y++) s += lum(x, y);
      return s / Math.max(1, height - x - 1);
    };
    return { sink: column(5), left: column(4), right: column(6), width };
  });
  expect(colour).not.toBeNull();
  expect(colour!.width).toBe(40);
  expect(colour!.sink).toBeGreaterThan(colour!.left + 40);
  expect(colour!.sink).toBeGreaterThan(colour!.right + 40);

  const shot = info.outputPath('lab.png');
  await page.screenshot({ path: shot, fullPage: true });
  await info.attach('lab', { path: shot, contentType: 'image/png' });
});

test('hover reads out query, key and probability', async ({ page }) => {
  await page.goto(`/${LINK}`);
  await waitForRun(page);
  const canvas = page.getByTestId('pane-0-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas box');
  // Query 30, key 5 (the sink): the centre of that cell.
  await page.mouse.move(box.x + (5.5 / 40) * box.width, box.y + (30.5 / 40) * box.height);
  await expect(page.getByTestId('pane-0').getByTestId('hover-readout')).toHaveText(/^query 30 · key 5 · p = 0\.\d{4}$/);
  await page.mouse.move(box.x + (35.5 / 40) * box.width, box.y + (2.5 / 40) * box.height);
  await expect(page.getByTestId('pane-0').getByTestId('hover-readout')).toHaveText('query 2 · key 35 · masked (key after query)');
});

test('the link follows the controls, and a cold load of it shows the same numbers', async ({ page, browser }) => {
  await page.goto(`/${LINK}`);
  await waitForRun(page);
  await page.getByTestId('seed-number').fill('123');
  await expect(page).toHaveURL(/seed=123/);
  // N slides on a log scale (the middle of the track is √8192 ≈ 91), and a size that takes long
  // on this adapter asks first: declining keeps N.
  await page.getByTestId('seqLen').fill('400');
  await expect(page.getByTestId('confirm-n')).toContainText('N = 8192');
  await page.getByTestId('confirm-n-no').click();
  await expect(page.getByTestId('confirm-n')).toHaveCount(0);
  await expect(page.getByTestId('seqLen-number')).toHaveValue('40');
  await page.getByTestId('seqLen').fill('200');
  await expect(page).toHaveURL(/n=91/);
  await page.getByTestId('seqLen-number').fill('40');
  await expect(page).toHaveURL(/n=40/);
  await page.getByTestId('head-cell-2').click();
  await expect(page).toHaveURL(/head=2/);
  await waitForRun(page);
  const url = page.url();
  const hash = new URL(url).hash;
  const exp = experimentOf(hash);
  expect(exp.source.seed).toBe(123);
  const before = await shownEntropies(page, exp.source.heads);

  const cold = await browser.newPage();
  await cold.goto(url);
  await waitForRun(cold);
  const after = await shownEntropies(cold, exp.source.heads);
  expect(after.table).toEqual(before.table);
  await expect(cold.getByTestId('head-cell-2')).toHaveAttribute('aria-pressed', 'true');
  const want = twinHeadEntropies(exp);
  after.table.forEach((v, h) => expect(Math.abs(v - (want[h] as number))).toBeLessThanOrEqual(1e-5));
  await cold.close();
});

test('a malformed link keeps a working lab and says what is wrong', async ({ page }) => {
  await page.goto('/#v=1&n=abc&h=99');
  await expect(page.getByTestId('notices')).toContainText('n=abc is not a number');
  await waitForRun(page); // the default experiment still runs
});

test('every kernel matches its float64 twin in this browser (selftest page)', async ({ page }) => {
  await page.goto('/selftest.html');
  const status = page.getByTestId('selftest-status');
  await expect(status).toHaveAttribute('data-done', 'true');
  expect(await status.getAttribute('data-failed')).toBe('0');
  const rows = page.locator('[data-testid=selftest-results] tbody tr');
  expect(await rows.count()).toBe(161);
  expect(await page.locator('tr[data-pass=false]').count()).toBe(0);
  console.log(await status.textContent());
});

test('layout: the comparison first, details in tabs, nothing clipped at 1280×720, panes stack on a phone', async ({ page }) => {
  for (const [width, height] of [[1280, 720], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(`/${LINK}&p0=softmax&p1=act&diff=1-0`);
    await waitForRun(page);
    await page.getByTestId('tab-table').click(); // the widest table: not clipped either
    const m = await page.evaluate(() => {
      const clipped = [...document.querySelectorAll<HTMLElement>('.scroll-x')].filter((el) => el.offsetParent && el.scrollWidth > el.clientWidth + 1);
      const box = (id: string) => document.querySelector(`[data-testid=${id}]`)?.getBoundingClientRect();
      return {
        scrollWidth: document.documentElement.scrollWidth,
        height: document.documentElement.scrollHeight,
        clipped: clipped.map((el) => el.getAttribute('aria-label')),
        p0: box('pane-0'), p1: box('pane-1'), tabs: box('tab-heads'), table: box('head-table'),
      };
    });
    console.log(`${width}×${height}: page ${m.scrollWidth} × ${m.height} px (per-head table open)`);
    await page.getByTestId('tab-heads').click();
    expect(m.scrollWidth, 'no horizontal overflow').toBeLessThanOrEqual(width);
    if (width >= 1280) {
      expect(m.clipped).toEqual([]);
      expect(m.table!.width).toBeGreaterThan(0);
      expect(m.p1!.top).toBe(m.p0!.top); // panes side by side
      expect(m.tabs!.top).toBeLessThan(height); // the details are one click away on the first screen
      expect(m.height).toBeLessThan(1300);
    } else {
      expect(m.p1!.top).toBeGreaterThan(m.p0!.bottom - 1); // stacked
    }
  }
  // A details tab shows its panel, hides the others.
  await page.getByTestId('tab-sinks').click();
  await expect(page.getByTestId('alpha-bars')).toBeVisible();
  await expect(page.getByTestId('head-cell-0')).toBeHidden();
});

test('a rerun keeps the last maps and numbers on screen, dimmed, until the new ones arrive', async ({ page }) => {
  await page.goto(`/${LINK}&p0=softmax&p1=act&diff=1-0`);
  await waitForRun(page);
  // Watch for any blanking ("Computing…" placeholders, "…" cells) while two reruns go through.
  await page.evaluate(() => {
    const w = window as unknown as { blanked: string[] };
    w.blanked = [];
    new MutationObserver(() => {
      // Panes that were there keep their maps (a new pane has none to keep).
      if (document.querySelector(':is([data-testid=pane-0], [data-testid=pane-1], [data-testid=diff-card]) .placeholder')) w.blanked.push('placeholder');
      if ([...document.querySelectorAll('[data-testid^=table-entropy-]')].some((c) => c.textContent === '…')) w.blanked.push('table');
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('tau-number').fill('0.05');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
  await page.getByTestId('add-method').selectOption('temperature');
  await page.getByTestId('add-pane').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('pane-2-canvas')).toBeVisible();
  await expect(page.locator('.stale')).toHaveCount(0); // nothing left dimmed once the run is done
  expect(await page.evaluate(() => (window as unknown as { blanked: string[] }).blanked)).toEqual([]);
});
