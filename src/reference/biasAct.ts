/** GPT-2's GELU, tanh approximation: 0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))). */
export function geluTanh(z: number): number {
  return 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z)));
}

/**
 * Float64 twin of shaders/biasAct.wgsl: Y = act(X + b) + R for X, R [rows, cols], b [cols],
 * act = GELU (tanh) when `gelu`, else the identity; R optional.
 */
export function biasAct(
  x: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  cols: number,
  opts: { gelu?: boolean; residual?: ArrayLike<number> } = {},
): Float64Array {
  const y = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++) {
      const at = i * cols + c;
      let z = (x[at] as number) + (b[c] as number);
      if (opts.gelu) z = geluTanh(z);
      if (opts.residual) z += opts.residual[at] as number;
      y[at] = z;
    }
  }
  return y;
}
