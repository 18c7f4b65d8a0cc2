/**
 * Float64 twin of shaders/layerNorm.wgsl: Y[i, c] = (x − μ_i)/√(σ²_i + eps) · γ_c + β_c per row of
 * X [rows, d], σ² the biased (population) variance, computed in two passes.
 */
export function layerNorm(
  x: ArrayLike<number>,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  rows: number,
  d: number,
  eps: number,
): Float64Array {
  const y = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += x[i * d + c] as number;
    const mean = s / d;
    let q = 0;
    for (let c = 0; c < d; c++) q += ((x[i * d + c] as number) - mean) ** 2;
    const inv = 1 / Math.sqrt(q / d + eps);
    for (let c = 0; c < d; c++) y[i * d + c] = ((x[i * d + c] as number) - mean) * inv * (gamma[c] as number) + (beta[c] as number);
  }
  return y;
}
