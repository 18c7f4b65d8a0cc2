import type { EntropyUnit } from '../schema/analysis';
import { renderRowChart } from './rowChart';

/** nats → the display unit. */
export function inUnits(nats: number, units: EntropyUnit): number {
  return units === 'bits' ? nats / Math.LN2 : nats;
}

/**
 * Row entropy against query position, under its ceiling ln(i+1) (row i sees i+1 keys, so it can
 * be at most that uniform): how close each query is to spreading evenly.
 */
export function renderEntropyLine(
  el: HTMLElement,
  d: { rowEntropy: ArrayLike<number>; units: EntropyUnit },
  opts: { width: number; height: number },
): () => void {
  const n = d.rowEntropy.length;
  return renderRowChart(
    el,
    [
      { label: 'ceiling ln(i+1)', values: Array.from({ length: n }, (_, i) => inUnits(Math.log(i + 1), d.units)), colour: '#888', dashed: true },
      { label: 'H_i', values: Array.from(d.rowEntropy, (v) => inUnits(v, d.units)), colour: '#3b5bdb' },
    ],
    {
      ...opts,
      yLabel: `H_i (${d.units})`,
      label: `Row entropy by query position in ${d.units}, with the ceiling ln(i+1).`,
      testId: 'entropy-line',
    },
  );
}
