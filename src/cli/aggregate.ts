import { maxOf, minOf } from '../schema/extent';
import type { Row } from './stats';

/**
 * Aggregates over texts, per pane × layer × head × statistic: count of defined values, mean,
 * sample standard deviation (n − 1), min and max. Values that are null (undefined or infinite)
 * are left out and `n` says how many remained. Sums run in float64 in text order, so a
 * recomputation from the rows in the same order gives the same numbers.
 */

export interface Aggregate {
  readonly pane: number;
  readonly layer: number;
  readonly head: number;
  readonly stat: string;
  /** Texts with a defined value. */
  readonly n: number;
  /** null when n = 0. */
  readonly mean: number | null;
  /** Sample standard deviation; null when n < 2. */
  readonly sd: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

/**
 * Gu et al.'s sink rate per head: the share of texts on which the head has a key with α_j > ε,
 * and the same for ACT-detected sinks after the first token.
 */
export interface SinkRate {
  readonly pane: number;
  readonly layer: number;
  readonly head: number;
  readonly texts: number;
  /** Share of texts, in [0, 1]. */
  readonly gu: number;
  readonly nonInitial: number;
}

const key = (r: { pane: number; layer: number; head: number }) => `${r.pane}/${r.layer}/${r.head}`;

/** Mean, sd, min, max of the defined values, in the order given. */
export function summarise(values: readonly (number | null)[]): Pick<Aggregate, 'n' | 'mean' | 'sd' | 'min' | 'max'> {
  const xs = values.filter((v): v is number => v !== null);
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, min: null, max: null };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null, min: minOf(xs), max: maxOf(xs) };
}

/** Rows grouped by pane/layer/head, in first-seen order. */
function groups(rows: readonly Row[]): Row[][] {
  const by = new Map<string, Row[]>();
  for (const r of rows) {
    const k = key(r);
    const g = by.get(k);
    if (g) g.push(r);
    else by.set(k, [r]);
  }
  return [...by.values()].sort((a, b) => {
    const x = a[0] as Row;
    const y = b[0] as Row;
    return x.pane - y.pane || x.layer - y.layer || x.head - y.head;
  });
}

export function aggregate(rows: readonly Row[], stats: readonly string[]): Aggregate[] {
  const out: Aggregate[] = [];
  for (const g of groups(rows)) {
    const { pane, layer, head } = g[0] as Row;
    for (const stat of stats) out.push({ pane, layer, head, stat, ...summarise(g.map((r) => r.values[stat] ?? null)) });
  }
  return out;
}

export function sinkRates(rows: readonly Row[]): SinkRate[] {
  return groups(rows).map((g) => {
    const { pane, layer, head } = g[0] as Row;
    const share = (stat: string) => g.filter((r) => r.values[stat] === 1).length / g.length;
    return { pane, layer, head, texts: g.length, gu: share('hasGuSink'), nonInitial: share('hasNonInitialSink') };
  });
}
