import { f32Range } from './f32Range';

/**
 * Float64 twin of shaders/attnScores.wgsl.
 * S[i·n + j] = m_i · scale · Σ_c Q[i·d + c] · K[j·d + c] for every i, j < n (upper triangle
 * included; masking is the normaliser's job). Q, K: [n, d] row-major. `rowScale` m [n] is the
 * optional per-row multiplier (selective temperature), applied before masking; omitted, m_i = 1.
 * Returns [n, n].
 */
export function attnScores(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  n: number,
  d: number,
  scale = 1 / Math.sqrt(d),
  rowScale?: ArrayLike<number>,
): Float64Array {
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const m = rowScale ? (rowScale[i] as number) : 1;
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let c = 0; c < d; c++) acc += (q[i * d + c] as number) * (k[j * d + c] as number);
      s[i * n + j] = f32Range(acc * scale * m); // a float32 kernel overflows to ±∞ here
    }
  }
  return s;
}
