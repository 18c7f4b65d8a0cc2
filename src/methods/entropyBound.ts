import { matmul, transpose } from '../reference/matmul';
import { symmetricEigen } from './linalg';
import { spectralNorm } from './sigmaReparam';

/**
 * σReparam's attention-entropy lower bound (Zhai et al. Theorem 3.1; docs/methods.md "σReparam") and the lab's
 * causal per-row version. Logits of row i are s·x_iᵀ W_Q W_Kᵀ x_j; X [T, dx], W_Q, W_K [dx, dk].
 */

/**
 * Theorem 3.1: with β = exp(−𝛔 √(T/(T−1))), Ent ≥ ln(1 + (T−1)β) + 𝛔 √(T(T−1)) β / (1 + (T−1)β).
 * The entropy of a T-vector softmax with one logit 𝛔√(T/(T−1)) above T−1 equal ones; ln T at
 * 𝛔 = 0, → 0 as 𝛔 → ∞. T = 1 gives 0 (one key, nothing to spread).
 */
export function entropyLowerBound(sigmaBold: number, T: number): number {
  if (T <= 1) return 0;
  const beta = Math.exp(-sigmaBold * Math.sqrt(T / (T - 1)));
  return Math.log1p((T - 1) * beta) + (sigmaBold * Math.sqrt(T * (T - 1)) * beta) / (1 + (T - 1) * beta);
}

/**
 * σ = ‖W_Q W_Kᵀ‖₂ of the bilinear form, W_Q, W_K [dx, dk]. When dx > dk (a model's heads:
 * 256 × 16, 768 × 64) the dx × dx product is avoided: with W_QᵀW_Q = L Lᵀ (Cholesky, dk × dk),
 * W_Q = U Lᵀ for some U with orthonormal columns, so ‖W_Q W_Kᵀ‖₂ = ‖Lᵀ W_Kᵀ‖₂ = ‖W_K L‖₂, a
 * dx × dk matrix. Rank-deficient W_Q (no Cholesky) takes the direct route.
 */
export function bilinearNorm(wq: ArrayLike<number>, wk: ArrayLike<number>, dx: number, dk: number): number {
  const l = dx > dk ? cholesky(matmul(transpose(wq, dx, dk), wq, dk, dx, dk), dk) : null;
  if (l) return spectralNorm(matmul(wk, l, dx, dk, dk), dx, dk);
  return spectralNorm(matmul(wq, transpose(wk, dx, dk), dx, dk, dx), dx, dx);
}

/** Lower-triangular L with L Lᵀ = g [k, k], or null when g is not (numerically) positive definite. */
function cholesky(g: ArrayLike<number>, k: number): Float64Array | null {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = g[i * k + j] as number;
      for (let t = 0; t < j; t++) s -= (l[i * k + t] as number) * (l[j * k + t] as number);
      if (i === j) {
        if (!(s > 1e-12 * Math.abs(g[i * k + i] as number)) || s <= 0) return null;
        l[i * k + i] = Math.sqrt(s);
      } else l[i * k + j] = s / (l[j * k + j] as number);
    }
  }
  return l;
}

/**
 * The full-attention bound on X [T, dx]: σ = ‖W_Q W_Kᵀ‖₂, σ_x = ‖X Xᵀ‖₂ = ‖X‖₂², 𝛔 = s·σ·σ_x
 * (s = 1 in the theorem) and the bound at T.
 */
export function entropyBound(x: ArrayLike<number>, T: number, dx: number, wq: ArrayLike<number>, wk: ArrayLike<number>, dk: number, scale = 1) {
  const sigma = bilinearNorm(wq, wk, dx, dk);
  const sigmaX = spectralNorm(x, T, dx) ** 2;
  const sigmaBold = scale * sigma * sigmaX;
  return { sigma, sigmaX, sigmaBold, bound: entropyLowerBound(sigmaBold, T) };
}

/**
 * ‖X_{≤i}‖₂² for every prefix of X [n, dx]: the top eigenvalue of the prefix Gram G_i = Σ_{t≤i} x_t x_tᵀ,
 * updated by one rank-1 term per row. Cost O(n·dx² + dx³·sweeps) when dx ≤ `exactUpTo`: then
 * every prefix gets an exact Jacobi eigenvalue; beyond that, a power iteration on G_i warm-started
 * from the previous prefix's vector, O(n·k·dx²), k ≤ 200 (to relative change 1e-12), and kept
 * monotone (λ_max(G_i) never decreases with i). A Rayleigh quotient can only under-estimate, so
 * for large dx a bound built on it errs high only by the unconverged remainder.
 */
export function prefixSquaredNorms(x: ArrayLike<number>, n: number, dx: number, exactUpTo = 16): Float64Array {
  const g = new Float64Array(dx * dx);
  const out = new Float64Array(n);
  let vec = new Float64Array(dx).fill(1 / Math.sqrt(dx));
  let prev = 0;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dx; a++) {
      const xa = x[i * dx + a] as number;
      for (let b = 0; b < dx; b++) g[a * dx + b] = (g[a * dx + b] as number) + xa * (x[i * dx + b] as number);
    }
    let lambda: number;
    if (dx <= exactUpTo) lambda = symmetricEigen(g, dx).values[0] ?? 0;
    else {
      lambda = 0;
      for (let k = 0; k < 200; k++) {
        const y = new Float64Array(dx);
        for (let a = 0; a < dx; a++) {
          let s = 0;
          for (let b = 0; b < dx; b++) s += (g[a * dx + b] as number) * (vec[b] as number);
          y[a] = s;
        }
        const rq = y.reduce((s, v, a) => s + v * (vec[a] as number), 0);
        const len = Math.sqrt(y.reduce((s, v) => s + v * v, 0));
        if (len === 0) break;
        vec = y.map((v) => v / len);
        const done = Math.abs(rq - lambda) <= 1e-12 * Math.abs(rq);
        lambda = rq;
        if (done) break;
      }
    }
    prev = Math.max(prev, lambda);
    out[i] = prev;
  }
  return out;
}

/**
 * [lab] Causal per-row bound (docs/methods.md "σReparam"): row i sees T = i + 1 keys and its logits
 * have norm ≤ 𝛔_i = s·σ·‖X_{≤i}‖₂², so H_i ≥ entropyLowerBound(𝛔_i, i + 1). `sigma` is
 * ‖W_Q W_Kᵀ‖₂ (or the RoPE-safe ‖W_Q‖₂‖W_K‖₂). Returns {sigmaBold, bound}, each [n].
 */
export function causalRowBounds(x: ArrayLike<number>, n: number, dx: number, sigma: number, scale: number, exactUpTo?: number) {
  const sq = prefixSquaredNorms(x, n, dx, exactUpTo);
  const sigmaBold = sq.map((v) => scale * sigma * v);
  const bound = sigmaBold.map((sb, i) => entropyLowerBound(sb, i + 1));
  return { sigmaBold, bound };
}
