/**
 * Float64 twin of shaders/rowRenorm.wgsl: P̃_ij = P_ij / Σ_{j′≤i} P_ij′ for j ≤ i, 0 above the
 * diagonal; a row with sum 0 becomes all 0. For entropy and sinks of non-stochastic kernels
 * (docs/methods.md "Entropy"). P: [n, n]. Returns [n, n].
 */
export function rowRenorm(p: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j <= i; j++) z += p[i * n + j] as number;
    if (z === 0) continue;
    for (let j = 0; j <= i; j++) out[i * n + j] = (p[i * n + j] as number) / z;
  }
  return out;
}
