/**
 * Row normalisers other than softmax (docs/methods.md "Normalisers"): what shaders/normalizeRows.wgsl
 * computes, and its float64 twin.
 * - 'softmax1': softmax-off-by-one, A_ij = e^{S_ij} / (1 + Σ_{j′≤i} e^{S_ij′}).
 * - 'sigmoid': A_ij = σ(S_ij + bias), no normalisation (recommended bias = −ln n).
 * - 'softplusL1' [lab]: A_ij ∝ softplus(λ_i S_ij)^power, λ_i = ln(i + 1)/ln nRef, rows sum to 1.
 */
export type Normalizer =
  | { readonly mode: 'softmax1' }
  | { readonly mode: 'sigmoid'; readonly bias: number }
  | { readonly mode: 'softplusL1'; readonly nRef: number; readonly power?: number };

/** The WGSL `mode` code of each normaliser. */
export const NORMALIZER_MODE = { softmax1: 0, sigmoid: 1, softplusL1: 2 } as const;

/** σ(x) without overflow: e^x/(1 + e^x) for x < 0. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** softplus(x) = ln(1 + e^x) = max(x, 0) + log1p(e^{−|x|}), stable for any x. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * Float64 twin of shaders/normalizeRows.wgsl on a causal score matrix S [n, n]: row i sees keys
 * j ≤ i (a boolean mask); masked entries are exactly 0. Returns A [n, n].
 */
export function normalizeRows(s: ArrayLike<number>, n: number, norm: Normalizer): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    if (norm.mode === 'sigmoid') {
      for (let j = 0; j <= i; j++) a[row + j] = sigmoid((s[row + j] as number) + norm.bias);
    } else if (norm.mode === 'softmax1') {
      let m = 0;
      for (let j = 0; j <= i; j++) m = Math.max(m, s[row + j] as number);
      let z = Math.exp(-m);
      for (let j = 0; j <= i; j++) z += Math.exp((s[row + j] as number) - m);
      for (let j = 0; j <= i; j++) a[row + j] = Math.exp((s[row + j] as number) - m) / z;
    } else {
      const lambda = Math.log(i + 1) / Math.log(norm.nRef);
      const p = norm.power ?? 1;
      let mx = 0;
      for (let j = 0; j <= i; j++) mx = Math.max(mx, softplus(lambda * (s[row + j] as number)));
      let z = 0;
      for (let j = 0; j <= i; j++) {
        const v = (softplus(lambda * (s[row + j] as number)) / mx) ** p;
        a[row + j] = v;
        z += v;
      }
      for (let j = 0; j <= i; j++) a[row + j] = (a[row + j] as number) / z;
    }
  }
  return a;
}
