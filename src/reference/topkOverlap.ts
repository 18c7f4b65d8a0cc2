/**
 * Float64 twin of shaders/topkOverlap.wgsl: per-row overlap |K_A ∩ K_B| / |K_A| of two kept sets
 * K_X = {j ≤ i : X_ij ≥ tX_i}, thresholds tA, tB [n] from rowThreshold. A, B: [n, n] causal.
 * Returns [n] in [0, 1]; |K_A| ≥ 1 because tA_i is an entry of row i.
 */
export function topkOverlap(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  tA: ArrayLike<number>,
  tB: ArrayLike<number>,
  n: number,
): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let both = 0;
    let inA = 0;
    for (let j = 0; j <= i; j++) {
      if ((a[i * n + j] as number) < (tA[i] as number)) continue;
      inA++;
      if ((b[i * n + j] as number) >= (tB[i] as number)) both++;
    }
    out[i] = both / inA;
  }
  return out;
}
