/**
 * Float64 twin of shaders/attnScores.wgsl.
 * S[i·n + j] = scale · Σ_c Q[i·d + c] · K[j·d + c] for every i, j < n (upper triangle included;
 * masking is the normaliser's job). Q, K: [n, d] row-major. Returns [n, n].
 */
export function attnScores(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  n: number,
  d: number,
  scale = 1 / Math.sqrt(d),
): Float64Array {
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let c = 0; c < d; c++) acc += (q[i * d + c] as number) * (k[j * d + c] as number);
      s[i * n + j] = acc * scale;
    }
  }
  return s;
}
