/**
 * Float64 twin of shaders/swiglu.wgsl: the SwiGLU gate H[r, c] = silu(G[r, c]) · U[r, c] with
 * silu(g) = g / (1 + e^(−g)) (HF's LlamaMLP: down_proj(act_fn(gate_proj(x)) * up_proj(x))).
 *
 * G and U are read by stride so one fused [rows, 2F] gate|up buffer serves as well as two
 * [rows, F] buffers: G[r, c] = g[r · stride + c], U[r, c] = u[r · stride + upOffset + c].
 * Returns H [rows, cols].
 */
export function swiglu(
  g: ArrayLike<number>,
  u: ArrayLike<number>,
  rows: number,
  cols: number,
  stride = cols,
  upOffset = 0,
): Float64Array {
  const h = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = g[r * stride + c] as number;
      h[r * cols + c] = (x / (1 + Math.exp(-x))) * (u[r * stride + upOffset + c] as number);
    }
  }
  return h;
}
