import { expect, test, type Page } from '@playwright/test';
import type { LabTestHooks } from '../src/client/testBridge';
import { experimentOf, twinHeadEntropies } from './twin';

/**
 * In the browser: bad links, GPU faults and worker faults never break the lab.
 * Faults are injected through `window.__labTest`, which exists only on `?testhooks=1` pages.
 */
const LINK = '#v=1&seed=11&n=40&h=4&d=16&sink=5&ss=4&sharp=1&layer=0&head=0';
const withSeed = (seed: number, link = LINK) => link.replace(/seed=\d+/, `seed=${seed}`);

declare global {
  interface Window {
    __labTest?: LabTestHooks;
  }
}

async function waitForRun(page: Page) {
  await expect(page.getByTestId('adapter-badge')).toHaveText(/WebGPU: /);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
  await expect(page.locator('[data-testid^=table-entropy-]').filter({ hasText: '…' })).toHaveCount(0);
}

async function tableEntropies(page: Page, heads: number): Promise<number[]> {
  const out: number[] = [];
  for (let h = 0; h < heads; h++) out.push(Number(await page.getByTestId(`table-entropy-${h}`).textContent()));
  return out;
}

/** Waits until every head's table entropy equals the float64 twin of `link`, then checks the grid agrees. */
async function expectNumbersOf(page: Page, link: string) {
  const exp = experimentOf(link);
  const want = twinHeadEntropies(exp);
  await expect
    .poll(async () => {
      const got = await tableEntropies(page, exp.source.heads);
      return got.every((g, h) => Math.abs(g - (want[h] as number)) <= 1e-5);
    }, { timeout: 90_000 })
    .toBe(true);
  await waitForRun(page);
  for (let h = 0; h < exp.source.heads; h++) {
    const cell = Number(await page.getByTestId(`head-entropy-${h}`).textContent());
    expect(Math.abs(cell - (want[h] as number)), `grid head ${h}`).toBeLessThanOrEqual(1e-4);
  }
}

const setHash = (page: Page, hash: string) => page.evaluate((h) => { window.location.hash = h; }, hash);
const fault = (page: Page, f: Parameters<LabTestHooks['fault']>[0]) => page.evaluate((x) => window.__labTest?.fault(x), f);

test('malformed, truncated, wrong-version and out-of-range links keep the last good experiment', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/${LINK}`);
  await expectNumbersOf(page, LINK);
  const good = await tableEntropies(page, 4);
  const bad: [string, RegExp][] = [
    ['#v=1&seed=11&n=abc&h=4', /n=abc is not a number/],
    [LINK.slice(0, 20), /h= is not a number|not a number/], // truncated mid-pair: '…&h='
    ['#v=2&seed=11&n=40', /version 2 is not supported/],
    ['#seed=11&n=40', /no version/],
    ['#v=1&n=100000', /between 1 and 8192/],
    ['#v=1&h=4&head=9', /head must be between/],
    ['#v=1&ss=1e400', /finite|between/],
    ['#v=1&%E0%A4%A=%zz&n=%', /not a number/],
    [`#v=1&x=${'a'.repeat(41000)}`, /over the 40000 limit/],
  ];
  for (const [hash, message] of bad) {
    await setHash(page, hash);
    await expect(page.getByTestId('notices'), hash.slice(0, 60)).toContainText(message);
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
    expect(await tableEntropies(page, 4), `numbers after ${hash.slice(0, 60)}`).toEqual(good);
    await expect(page.getByTestId('seed-number')).toHaveValue('11');
  }
  console.log(`bad links: ${bad.length} tried, ${bad.length} showed a message and kept the last good experiment`);
  // The lab still works: a good link runs.
  await setHash(page, withSeed(12));
  await expectNumbersOf(page, withSeed(12));
  await expect(page.getByTestId('notices')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a cold load of a wrong-version link says why and runs the default experiment', async ({ page }) => {
  await page.goto('/#v=9&n=40');
  await expect(page.getByTestId('notices')).toContainText('link version 9 is not supported');
  await waitForRun(page);
});

test('100 parameter changes within a second end with the numbers of the last one', async ({ page }) => {
  await page.goto(`/${LINK}`);
  await expectNumbersOf(page, LINK);
  // 100 navigations issued back to back; every one fires its own hashchange, which the lab handles.
  const { ms, events } = await page.evaluate(async (link) => {
    let seen = 0;
    const count = () => void seen++;
    window.addEventListener('hashchange', count);
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) window.location.hash = link.replace(/seed=\d+/, `seed=${1000 + i}`);
    const issued = performance.now() - t0;
    while (seen < 100 && performance.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 10));
    window.removeEventListener('hashchange', count);
    return { ms: issued, events: seen };
  }, LINK);
  console.log(`burst: 100 seed changes issued in ${ms.toFixed(0)} ms, ${events} hashchange events handled`);
  expect(ms).toBeLessThan(1000);
  expect(events).toBe(100);
  await expect(page.getByTestId('seed-number')).toHaveValue('1099');
  await expectNumbersOf(page, withSeed(1099));
  // Nothing stale arrives later.
  await page.waitForTimeout(1000);
  await expectNumbersOf(page, withSeed(1099));
});

test('a crashed worker restarts, re-runs, and keeps working', async ({ page }) => {
  await page.goto(`/?testhooks=1${LINK}`);
  await expectNumbersOf(page, LINK);
  await fault(page, { kind: 'crash' });
  await expect(page.getByTestId('notices')).toContainText('worker crashed');
  await expectNumbersOf(page, LINK); // re-run on the new worker
  await setHash(page, withSeed(21));
  await expectNumbersOf(page, withSeed(21));
});

test('a silently terminated worker is caught by the heartbeat, restarted, and the run repeated', async ({ page }) => {
  await page.goto(`/?testhooks=1${LINK}`);
  await expectNumbersOf(page, LINK);
  await page.evaluate(() => window.__labTest?.terminateWorker());
  const t0 = Date.now();
  await setHash(page, withSeed(31));
  await expect(page.getByTestId('notices')).toContainText('stopped answering', { timeout: 30_000 });
  console.log(`terminated worker detected after ${Date.now() - t0} ms`);
  await expectNumbersOf(page, withSeed(31));
});

test('a device lost mid-run or while idle is replaced, the run repeated, and the user told', async ({ page }) => {
  await page.goto(`/?testhooks=1${LINK}`);
  await expectNumbersOf(page, LINK);
  await fault(page, { kind: 'lose-device', when: 'mid-run' });
  await setHash(page, withSeed(41));
  await expect(page.getByTestId('notices')).toContainText('GPU device was lost');
  await expectNumbersOf(page, withSeed(41));

  await fault(page, { kind: 'lose-device', when: 'now' });
  await setHash(page, withSeed(42));
  await expect(page.getByTestId('notices')).toContainText('GPU device was lost');
  await expectNumbersOf(page, withSeed(42));
});

test('a shader that fails to compile is reported, and the lab recovers when it compiles', async ({ page }) => {
  await page.goto(`/?testhooks=1${LINK}`);
  await expectNumbersOf(page, LINK);
  await fault(page, { kind: 'break-shaders', on: true });
  await fault(page, { kind: 'lose-device', when: 'now' }); // the next device compiles the broken WGSL
  await setHash(page, withSeed(51));
  await expect(page.getByTestId('notices')).toContainText(/shader compilation failed: \w+\.wgsl:\d+:\d+/);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'error');
  await fault(page, { kind: 'break-shaders', on: false });
  await setHash(page, withSeed(52));
  await expectNumbersOf(page, withSeed(52));
});

test('an allocation failure names a size that fits, and that size runs', async ({ page }) => {
  await page.goto(`/?testhooks=1${LINK}`);
  await expectNumbersOf(page, LINK);
  // Buffers of ≥ 100 kB are requested at maxBufferSize, which SwiftShader cannot allocate.
  await fault(page, { kind: 'oom-above', bytes: 100_000 });
  await setHash(page, LINK.replace('n=40', 'n=200'));
  const notice = page.getByTestId('notices');
  await expect(notice).toContainText('ran out of memory');
  const text = (await notice.textContent()) ?? '';
  console.log('oom notice:', text);
  const fit = Number(/N = (\d+) \(/.exec(text)?.[1]);
  expect(fit).toBeGreaterThan(0);
  expect(fit).toBeLessThan(200);
  await setHash(page, LINK.replace('n=40', `n=${fit}`));
  await expectNumbersOf(page, LINK.replace('n=40', `n=${fit}`));
});
