/**
 * Float64 twin of shaders/gqaOutput.wgsl: every head's attention output in one call, merged into
 * the layer's [n, H·d] layout (head h in columns h·d…h·d+d−1, HF's transpose + reshape before
 * o_proj). Query head h reads V head g(h) = ⌊h / group⌋, V read by stride:
 *
 *   O[i, h·d + c] = Σ_{j ≤ i} P[h, i, j] · V[j·vStride + vOffset + g(h)·d + c]
 *
 * P: [heads, n, n] causal (the upper triangle is never read). Returns O [n, heads·d].
 */
export function gqaOutput(
  p: ArrayLike<number>,
  v: ArrayLike<number>,
  n: number,
  d: number,
  heads: number,
  group: number,
  vStride: number,
  vOffset = 0,
): Float64Array {
  const w = heads * d;
  const o = new Float64Array(n * w);
  for (let h = 0; h < heads; h++) {
    const vb = vOffset + Math.floor(h / group) * d;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const a = p[(h * n + i) * n + j] as number;
        if (a === 0) continue;
        for (let c = 0; c < d; c++) o[i * w + h * d + c] = (o[i * w + h * d + c] as number) + a * (v[j * vStride + vb + c] as number);
      }
    }
  }
  return o;
}
