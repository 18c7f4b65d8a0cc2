/**
 * Float64 twin of shaders/maskApply.wgsl: P_M = M ⊙ P / R row-wise, R_i = Σ_j M_ij P_ij; rows
 * with R_i = 0 become 0. P, M: [n, n]; returns [n, n].
 */
export function maskApply(p: ArrayLike<number>, m: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let j = 0; j < n; j++) r += (m[i * n + j] as number) * (p[i * n + j] as number);
    if (r > 0) for (let j = 0; j < n; j++) out[i * n + j] = ((m[i * n + j] as number) * (p[i * n + j] as number)) / r;
  }
  return out;
}
