/**
 * Float64 twin of shaders/rowThreshold.wgsl: per-row keep thresholds of a causal, non-negative
 * map. Row i keeps {j ≤ i : P_ij ≥ t_i}; t_i is always an entry of the row, and every entry
 * equal to t_i is kept (so a tie can keep more than k entries, or more mass than needed).
 */

/**
 * 'topk': the k largest visible entries (k an integer ≥ 1; all of them when k ≥ i + 1).
 * 'mass': the shortest run, in descending order, whose sum reaches ≥ gamma, gamma in (0, 1].
 * That is FlexPrefill's score_cover rule (docs/methods.md "Masks") except exactly at a cumulative sum equal
 * to gamma, where score_cover (#{c ≤ γ} + 1) keeps one entry more.
 */
export type ThresholdRule =
  | { readonly mode: 'topk'; readonly k: number }
  | { readonly mode: 'mass'; readonly gamma: number };

/**
 * Threshold of one row given its visible entries (any order, all ≥ 0): the smallest value of
 * the kept run. If gamma is out of reach (row sum below it), every entry is kept.
 */
export function thresholdOfRow(values: ArrayLike<number>, rule: ThresholdRule): number {
  const sorted = Float64Array.from(values).sort().reverse();
  if (sorted.length === 0) throw new RangeError('thresholdOfRow: empty row');
  const last = sorted.length - 1;
  if (rule.mode === 'topk') return sorted[Math.min(rule.k, sorted.length) - 1] as number;
  let cum = 0;
  for (let m = 0; m <= last; m++) {
    cum += sorted[m] as number;
    if (cum >= rule.gamma) return sorted[m] as number;
  }
  return sorted[last] as number;
}

/** Entries of `values` kept by threshold t (those ≥ t) and their mass. */
export function keptOfRow(values: ArrayLike<number>, t: number): { count: number; mass: number } {
  let count = 0;
  let mass = 0;
  for (let j = 0; j < values.length; j++) {
    const x = values[j] as number;
    if (x >= t) {
      count++;
      mass += x;
    }
  }
  return { count, mass };
}

/** Thresholds t [n] of every row of a causal map P [n, n] (row i's visible entries are j ≤ i). */
export function rowThreshold(p: ArrayLike<number>, n: number, rule: ThresholdRule): Float64Array {
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = thresholdOfRow(Array.prototype.slice.call(p, i * n, i * n + i + 1) as number[], rule);
  }
  return t;
}
