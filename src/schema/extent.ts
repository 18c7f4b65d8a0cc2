/**
 * Extremes of data arrays, by loop. `Math.max(...xs)` passes every element as an argument and
 * throws "Maximum call stack size exceeded" past ~10⁵ elements (a 400 × 400 map); eslint.config.js
 * forbids spread arguments, and these are what to use instead.
 */

/** Largest value of xs[from…] (NaN entries skipped); -Infinity when there is none. */
export function maxOf(xs: ArrayLike<number>, from = 0): number {
  let m = -Infinity;
  for (let i = from; i < xs.length; i++) {
    const x = xs[i] as number;
    if (x > m) m = x;
  }
  return m;
}

/** Smallest value of xs[from…] (NaN entries skipped); Infinity when there is none. */
export function minOf(xs: ArrayLike<number>, from = 0): number {
  let m = Infinity;
  for (let i = from; i < xs.length; i++) {
    const x = xs[i] as number;
    if (x < m) m = x;
  }
  return m;
}

/** Largest |x| of xs (NaN entries skipped); 0 when there is none. */
export function maxAbsOf(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = Math.abs(xs[i] as number);
    if (x > m) m = x;
  }
  return m;
}

/**
 * Euclidean norm of xs without overflow, computed as V8's Math.hypot does (scale by the largest
 * |x|, Kahan-compensated sum of squares), so it gives the same bits as `Math.hypot(...xs)`.
 */
export function normOf(xs: ArrayLike<number>): number {
  let max = 0;
  let nan = false;
  for (let i = 0; i < xs.length; i++) {
    const a = Math.abs(xs[i] as number);
    if (a === Infinity) return Infinity;
    if (Number.isNaN(a)) nan = true;
    else if (a > max) max = a;
  }
  if (nan) return NaN;
  if (max === 0) return 0;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = Math.abs(xs[i] as number) / max;
    const summand = r * r - compensation;
    const next = sum + summand;
    compensation = next - sum - summand;
    sum = next;
  }
  return Math.sqrt(sum) * max;
}
