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
 * Sink rates per head over the inputs, each under its own name (docs/methods.md "Sink rates"):
 * `sink1`, the share of inputs with α_0 > ε (Gu et al.'s Sink₁^ε restricted to this head);
 * `anyKey`, the share with some key α_j > ε; `nonInitial`, the share with an ACT-detected sink
 * after the first token (α_j > τ, j ≥ 1).
 */
export interface SinkRate {
  readonly pane: number;
  readonly layer: number;
  readonly head: number;
  readonly texts: number;
  /** Shares of texts, in [0, 1]. */
  readonly sink1: number;
  readonly anyKey: number;
  readonly nonInitial: number;
}

/** A pane's rate over every (input, layer, head), in percent, with its rule and threshold. */
export interface PaneSinkRate {
  readonly pane: number;
  readonly name: string;
  readonly rule: string;
  readonly threshold: { readonly name: 'ε' | 'τ'; readonly value: number };
  readonly percent: number;
  /** (input, layer, head) triples counted. */
  readonly of: number;
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
    return { pane, layer, head, texts: g.length, sink1: share('sink1'), anyKey: share('anyKeyAboveEps'), nonInitial: share('hasNonInitialSink') };
  });
}

/**
 * Per pane, Gu et al.'s Sink₁^ε — 100 × the share of (input, layer, head) with α_0 > ε, as
 * sail-sg/Attention-Sink's compute_attention_sink counts it for the first token — and beside it,
 * under their own names, the any-key rate and the non-initial ACT rate.
 */
export function paneSinkRates(rows: readonly Row[], eps: number, tau: number): PaneSinkRate[] {
  const panes = [...new Set(rows.map((r) => r.pane))].sort((a, b) => a - b);
  return panes.flatMap((pane) => {
    const of = rows.filter((r) => r.pane === pane);
    const pct = (stat: string) => (100 * of.filter((r) => r.values[stat] === 1).length) / of.length;
    return [
      { pane, name: 'Sink₁^ε (Gu et al.)', rule: 'α_0 > ε', threshold: { name: 'ε', value: eps }, percent: pct('sink1'), of: of.length },
      { pane, name: 'any-key rate', rule: 'some α_j > ε', threshold: { name: 'ε', value: eps }, percent: pct('anyKeyAboveEps'), of: of.length },
      { pane, name: 'non-initial ACT rate', rule: 'some α_j > τ, j ≥ 1', threshold: { name: 'τ', value: tau }, percent: pct('hasNonInitialSink'), of: of.length },
    ] as const;
  });
}
