/**
 * Float64 twin of shaders/rowDivergence.wgsl: divergences of a method map B from a baseline A,
 * row by row over the causal support, in nats (docs/methods.md "Order of operations" comparison metrics, §6.3).
 * 0·ln 0 := 0 everywhere; KL is +Infinity where some B_ij = 0 < A_ij.
 */

/**
 * KL(a‖b) and the Jensen–Shannon divergence JS = ½KL(a‖m) + ½KL(b‖m), m = (a + b)/2, of two
 * distributions given as equal-length vectors. The JS distance (FlexPrefill's D) is √js.
 */
export function divergenceOfRow(a: ArrayLike<number>, b: ArrayLike<number>): { kl: number; js: number } {
  if (a.length !== b.length) throw new RangeError('divergenceOfRow: lengths differ');
  let kl = 0;
  let js2 = 0;
  for (let j = 0; j < a.length; j++) {
    const x = a[j] as number;
    const y = b[j] as number;
    const m = 0.5 * (x + y);
    if (x > 0) {
      js2 += x * Math.log(x / m);
      kl += y > 0 ? x * Math.log(x / y) : Infinity;
    }
    if (y > 0) js2 += y * Math.log(y / m);
  }
  return { kl, js: 0.5 * js2 };
}

/** Per-row kl [n] = KL(A_i‖B_i) and js [n] of two causal maps A, B [n, n] (entries j ≤ i). */
export function rowDivergence(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
): { kl: Float64Array; js: Float64Array } {
  const kl = new Float64Array(n);
  const js = new Float64Array(n);
  const slice = (x: ArrayLike<number>, i: number) => Array.prototype.slice.call(x, i * n, i * n + i + 1) as number[];
  for (let i = 0; i < n; i++) {
    const d = divergenceOfRow(slice(a, i), slice(b, i));
    kl[i] = d.kl;
    js[i] = d.js;
  }
  return { kl, js };
}
