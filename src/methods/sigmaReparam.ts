import { gram, matVec, normalize, symmetricEigen } from './linalg';

/**
 * σReparam (Zhai et al., ICML 2023; docs/methods.md "σReparam") in float64 on the CPU: exact singular values,
 * the PyTorch-convention power iteration the code runs once per step, and Ŵ = γ/σ · W.
 * Weights are row-major W [rows = out, cols = in], as nn.Linear stores them.
 */

/** Singular values of W [rows, cols], descending (min(rows, cols) of them), from the smaller Gram. */
export function singularValues(w: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const outer = rows < cols;
  const { values } = symmetricEigen(gram(w, rows, cols, outer), outer ? rows : cols);
  return values.map((l) => Math.sqrt(Math.max(0, l)));
}

/** ‖W‖₂, the largest singular value (exact, by Jacobi on the smaller Gram matrix). */
export function spectralNorm(w: ArrayLike<number>, rows: number, cols: number): number {
  return singularValues(w, rows, cols)[0] ?? 0;
}

/**
 * The top singular triple: σ, u (right vector, input space [cols]) and v (left, output [rows]),
 * as the code's SVD initialisation stores them (u is the buffer the power iteration starts from).
 */
export function topSingular(w: ArrayLike<number>, rows: number, cols: number): { sigma: number; u: Float64Array; v: Float64Array } {
  const outer = rows < cols;
  const k = outer ? rows : cols;
  const { values, vectors } = symmetricEigen(gram(w, rows, cols, outer), k);
  const sigma = Math.sqrt(Math.max(0, values[0] ?? 0));
  const top = vectors.slice(0, k);
  if (outer) return { sigma, v: top, u: normalize(matVec(w, rows, cols, top, true)) };
  return { sigma, u: top, v: normalize(matVec(w, rows, cols, top)) };
}

/** Power-iteration start: the exact top right vector (the code's init), all ones, or random normals. */
export type StartVector = 'svd' | 'ones' | { readonly random: () => number };

export interface PowerIteration {
  /** σ̂ after iteration 1, 2, …, iters. */
  readonly sigmas: Float64Array;
  /** Input-space vector after the last iteration [cols]. */
  readonly u: Float64Array;
  /** Output-space vector after the last iteration [rows]. */
  readonly v: Float64Array;
}

/**
 * `iters` power-iteration steps in the PyTorch convention (u in the input space): v ← normalize(W u),
 * u ← normalize(Wᵀ v), σ̂ = vᵀ W u. A random start draws standard normals (Box–Muller) from the
 * given uniform generator, so a seeded generator gives a reproducible start.
 */
export function powerIteration(w: ArrayLike<number>, rows: number, cols: number, iters: number, start: StartVector): PowerIteration {
  let u: Float64Array<ArrayBufferLike>;
  if (start === 'svd') u = topSingular(w, rows, cols).u;
  else if (start === 'ones') u = new Float64Array(cols).fill(1);
  else {
    const rng = start.random;
    u = Float64Array.from({ length: cols }, () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()));
  }
  u = normalize(u);
  let v: Float64Array<ArrayBufferLike> = new Float64Array(rows);
  const sigmas = new Float64Array(iters);
  for (let it = 0; it < iters; it++) {
    v = normalize(matVec(w, rows, cols, u));
    u = normalize(matVec(w, rows, cols, v, true));
    const wu = matVec(w, rows, cols, u);
    sigmas[it] = wu.reduce((s, x, r) => s + x * (v[r] as number), 0);
  }
  return { sigmas, u, v };
}

/** Ŵ = (γ / σ) · W, the reparametrised weight (σ exact or a power-iteration estimate). */
export function reparametrise(w: ArrayLike<number>, gamma: number, sigma: number): Float64Array {
  return Float64Array.from(w, (x) => (gamma / sigma) * x);
}
