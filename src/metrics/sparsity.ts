/**
 * Sparsity of a causal mask (docs/methods.md "Order of operations"): 1 − |M| / |causal support|, |causal support| =
 * n(n+1)/2. kept [n] holds |M_i| per row (e.g. the maskStats kernel's output); n defaults to
 * its length. 0 = dense, → 1 as the mask keeps fewer keys. Every causal mask gives a value in
 * [0, 1]; a mask that keeps at least the diagonal stays ≤ 1 − 2/(n+1).
 */
export function sparsity(kept: ArrayLike<number>, n = kept.length): number {
  if (n <= 0) throw new RangeError(`sparsity: n must be ≥ 1, got ${n}`);
  let total = 0;
  for (let i = 0; i < kept.length; i++) total += kept[i] as number;
  return 1 - total / ((n * (n + 1)) / 2);
}

/** Mean retained mass over rows, R̄ = (1/n) Σ_i R_i, from retained [n] (1 = nothing lost). */
export function meanRetained(retained: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < retained.length; i++) s += retained[i] as number;
  return retained.length ? s / retained.length : NaN;
}
