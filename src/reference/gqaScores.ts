/**
 * Float64 twin of shaders/gqaScores.wgsl: every head's scaled scores in one call, with grouped
 * queries. Query head h reads K/V head g(h) = ⌊h / group⌋, group = H / H_kv (HF's repeat_kv).
 * Heads are read by stride, so a fused [n, (H + 2H_kv)·d] Q|K|V buffer serves as well as
 * separate ones:
 *
 *   S[h, i, j] = m_i · scale · Σ_c Q[i·qStride + qOffset + h·d + c] · K[j·kStride + kOffset + g(h)·d + c]
 *
 * for all i, j < n (upper triangle included; masking is the normaliser's job). m [n] is the
 * optional row multiplier (selective temperature), 1 when omitted. Returns S [heads, n, n].
 */
export interface GqaLayout {
  readonly n: number;
  /** Per-head width d. */
  readonly d: number;
  /** Query heads H. */
  readonly heads: number;
  /** Query heads per K/V head, H / H_kv. */
  readonly group: number;
  readonly qStride: number;
  readonly qOffset: number;
  readonly kStride: number;
  readonly kOffset: number;
}

export function gqaScores(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  l: GqaLayout,
  scale = 1 / Math.sqrt(l.d),
  rowScale?: ArrayLike<number>,
): Float64Array {
  const { n, d, heads, group } = l;
  const s = new Float64Array(heads * n * n);
  for (let h = 0; h < heads; h++) {
    const qb = l.qOffset + h * d;
    const kb = l.kOffset + Math.floor(h / group) * d;
    for (let i = 0; i < n; i++) {
      const m = rowScale ? (rowScale[i] as number) : 1;
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let c = 0; c < d; c++) acc += (q[i * l.qStride + qb + c] as number) * (k[j * l.kStride + kb + c] as number);
        s[(h * n + i) * n + j] = acc * scale * m;
      }
    }
  }
  return s;
}
