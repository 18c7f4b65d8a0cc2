/**
 * Float64 twin of shaders/rmsNorm.wgsl: Y[i, c] = x_ic / √(mean_c x_ic² + eps) · γ_c per row of
 * X [rows, d] (HF's LlamaRMSNorm / Qwen2RMSNorm: no mean subtraction, no β; γ multiplies after
 * normalising). Returns Y [rows, d].
 */
export function rmsNorm(x: ArrayLike<number>, gamma: ArrayLike<number>, rows: number, d: number, eps: number): Float64Array {
  const y = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) {
    let q = 0;
    for (let c = 0; c < d; c++) q += (x[i * d + c] as number) ** 2;
    const inv = 1 / Math.sqrt(q / d + eps);
    for (let c = 0; c < d; c++) y[i * d + c] = (x[i * d + c] as number) * inv * (gamma[c] as number);
  }
  return y;
}
