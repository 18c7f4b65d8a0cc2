import type { StatsChunk } from '../schema/chunk';

/**
 * The per-text statistics the command line writes: one row per text × pane × layer × head, one
 * column per entry of STATS, each read from the engine's 'stats' chunk. Declared once here, so the
 * JSON, the CSV, the aggregates and `open --stat` all use the same names and units.
 */

export interface StatDef {
  readonly name: string;
  /** Unit of the value: nats, a share in [0, 1], a count of keys, or 0/1. */
  readonly unit: 'nats' | 'share' | 'count' | 'flag' | 'norm' | 'ratio';
  readonly doc: string;
  /** The value, or null where it is not defined (pane 0 has no baseline; no mask is set). */
  readonly of: (c: StatsChunk) => number | null;
}

function maxOf(x: ArrayLike<number>, from = 0): number | null {
  let m = -Infinity;
  for (let i = from; i < x.length; i++) m = Math.max(m, x[i] as number);
  return m === -Infinity ? null : m;
}

function meanOf(x: ArrayLike<number>): number | null {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return x.length ? s / x.length : null;
}

export const STATS: readonly StatDef[] = [
  { name: 'meanEntropy', unit: 'nats', doc: 'mean row entropy H_i over all query rows', of: (c) => c.meanEntropy },
  { name: 'meanEntropyFrom1', unit: 'nats', doc: 'mean row entropy over rows i ≥ 1', of: (c) => c.meanEntropyFrom1 },
  { name: 'meanNormEntropy', unit: 'ratio', doc: 'mean of H_i / ln(i+1) over rows i ≥ 1', of: (c) => c.meanNormEntropy },
  { name: 'alpha0', unit: 'share', doc: 'received attention α_0 of the first token', of: (c) => c.alpha[0] ?? null },
  { name: 'maxAlpha', unit: 'share', doc: 'largest received attention max_j α_j', of: (c) => maxOf(c.alpha) },
  { name: 'maxAlphaNonInitial', unit: 'share', doc: 'largest α_j over keys j ≥ 1 (hidden sinks)', of: (c) => maxOf(c.alpha, 1) },
  { name: 'meanRowMax', unit: 'share', doc: 'mean over rows of max_j P_ij (dilution)', of: (c) => meanOf(c.rowMax) },
  { name: 'meanSinkMass', unit: 'share', doc: 'mean mass a row puts on ACT-detected sinks', of: (c) => c.meanSinkMass },
  { name: 'sinks', unit: 'count', doc: 'keys with α_j > τ (ACT detection)', of: (c) => c.sinks.detected.length },
  { name: 'nonInitialSinks', unit: 'count', doc: 'detected keys after the first token', of: (c) => c.sinks.nonInitial.length },
  { name: 'keysAboveEps', unit: 'count', doc: 'keys with α_j > ε (any key; Gu et al.\'s Sink₁^ε reads key 0 only)', of: (c) => c.sinks.gu.length },
  { name: 'relativeSinks', unit: 'count', doc: 'keys with α_j > κ·ū_j and support ≥ m [lab]', of: (c) => c.sinks.relative.length },
  { name: 'sink1', unit: 'flag', doc: '1 when α_0 > ε: its mean over (input, layer, head) is Gu et al.\'s Sink₁^ε', of: (c) => (c.sinks.gu.includes(0) ? 1 : 0) },
  { name: 'anyKeyAboveEps', unit: 'flag', doc: '1 when some key has α_j > ε (the any-key rate; not Gu et al.\'s metric)', of: (c) => (c.sinks.gu.length ? 1 : 0) },
  { name: 'hasNonInitialSink', unit: 'flag', doc: '1 when a key after the first has α_j > τ', of: (c) => (c.sinks.nonInitial.length ? 1 : 0) },
  { name: 'klVsBase', unit: 'nats', doc: 'mean row KL(pane 0 ‖ this pane); null on pane 0 or when infinite', of: (c) => c.vsBase?.meanKL ?? null },
  { name: 'jsVsBase', unit: 'nats', doc: 'mean row Jensen–Shannon divergence from pane 0', of: (c) => c.vsBase?.meanJS ?? null },
  { name: 'overlapVsBase', unit: 'share', doc: 'mean top-k overlap with pane 0', of: (c) => c.vsBase?.meanOverlap ?? null },
  { name: 'outDeltaVsBase', unit: 'norm', doc: 'mean ‖O′_i − O_i‖₂ against pane 0', of: (c) => c.vsBase?.meanOutDelta ?? null },
  { name: 'maskSparsity', unit: 'share', doc: 'share of causal entries the mask drops', of: (c) => c.mask?.sparsity ?? null },
  { name: 'maskRetained', unit: 'share', doc: 'mean mass the mask keeps per row', of: (c) => c.mask?.meanRetained ?? null },
  { name: 'maskJS', unit: 'nats', doc: 'mean JS divergence of the masked map from the dense one', of: (c) => c.mask?.vsDense.meanJS ?? null },
];

export const STAT_NAMES: readonly string[] = STATS.map((s) => s.name);

/** One row of the results: which text, pane, layer and head, and every statistic (null: undefined or not finite). */
export interface Row {
  readonly text: number;
  readonly pane: number;
  readonly layer: number;
  readonly head: number;
  readonly values: Readonly<Record<string, number | null>>;
}

const finite = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);

export function rowOf(text: number, c: StatsChunk): Row {
  const values: Record<string, number | null> = {};
  for (const s of STATS) values[s.name] = finite(s.of(c));
  return { text, pane: c.pane, layer: c.layer, head: c.head, values };
}
