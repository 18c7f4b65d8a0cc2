/**
 * Float64 twin of shaders/linear.wgsl: an nn.Linear, Y [m, out] = X [m, in] · Wᵀ + b (+ R), with
 * W stored as PyTorch stores it, [out, in] row-major (Y_ic = Σ_t X_it · W_ct + b_c + R_ic). The
 * bias b [out] and the residual R [m, out] are optional. Returns Y [m, out].
 */
export function linear(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  m: number,
  inDim: number,
  outDim: number,
  bias?: ArrayLike<number> | null,
  residual?: ArrayLike<number> | null,
): Float64Array {
  const y = new Float64Array(m * outDim);
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < outDim; c++) {
      let acc = 0;
      for (let t = 0; t < inDim; t++) acc += (x[i * inDim + t] as number) * (w[c * inDim + t] as number);
      y[i * outDim + c] = acc + (bias ? (bias[c] as number) : 0) + (residual ? (residual[i * outDim + c] as number) : 0);
    }
  }
  return y;
}
