/**
 * Float64 twin of shaders/rowEntropy.wgsl: H_i = −Σ_j P_ij ln P_ij in nats, with 0·ln 0 := 0.
 * P: [n, n] row-stochastic. Returns [n].
 */
export function rowEntropy(p: ArrayLike<number>, n: number): Float64Array {
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) {
      const x = p[i * n + j] as number;
      if (x > 0) acc -= x * Math.log(x);
    }
    h[i] = acc;
  }
  return h;
}

/** Mean of H_i over all rows and over rows i ≥ 1 (row 0 of a causal map is always 0). */
export function entropyMeans(h: ArrayLike<number>): { all: number; from1: number } {
  let sum = 0;
  for (let i = 0; i < h.length; i++) sum += h[i] as number;
  const first = h.length ? (h[0] as number) : 0;
  return {
    all: h.length ? sum / h.length : NaN,
    from1: h.length > 1 ? (sum - first) / (h.length - 1) : NaN,
  };
}

/** Mean of Ĥ_i = H_i / ln(i+1) over rows i ≥ 1, in [0, 1] (row 0 has one key: nothing to spread). */
export function meanNormalisedEntropy(h: ArrayLike<number>): number {
  let s = 0;
  for (let i = 1; i < h.length; i++) s += (h[i] as number) / Math.log(i + 1);
  return h.length > 1 ? s / (h.length - 1) : NaN;
}
