import { expect, type Page } from '@playwright/test';

/**
 * A lesson (or the first screen) that compares panes must show the effect it names: for the
 * selected head, every pane after the first differs from pane 0 — in its map (JS divergence) or
 * in its output (‖O′−O‖) — and on a model, the loss with the pane's method differs too where a
 * method acts inside the model.
 */
export async function expectVisibleDifference(page: Page, panes: number, label: string, model = false): Promise<void> {
  for (let k = 1; k < panes; k++) {
    await expect(page.getByTestId(`summary-js-${k}`)).not.toHaveText('…');
    const js = Number(await page.getByTestId(`summary-js-${k}`).textContent());
    const dout = Number(await page.getByTestId(`summary-dout-${k}`).textContent());
    expect(js > 1e-4 || dout > 1e-3, `${label}: pane ${k} equals pane 0 (JS ${js}, ‖O′−O‖ ${dout})`).toBe(true);
    if (model) {
      await expect(page.getByTestId(`pane-loss-${k}`)).not.toHaveText('…');
      const a = Number(await page.getByTestId('pane-loss-0').getAttribute('data-value'));
      const b = Number(await page.getByTestId(`pane-loss-${k}`).getAttribute('data-value'));
      expect(Math.abs(a - b), `${label}: pane ${k}'s loss equals pane 0's`).toBeGreaterThan(1e-4);
    }
  }
}
