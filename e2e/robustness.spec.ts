import { expect, test, type Page } from '@playwright/test';

/**
 * Long maps and hostile use that once lost the user's work: every test reproduces an attack and
 * checks the lab survives it with numbers or a clear message on screen.
 */

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
