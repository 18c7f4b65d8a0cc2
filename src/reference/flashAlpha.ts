/**
 * Float64 twin of shaders/flashAlpha.wgsl for one head: α_j = (1/(n−j)) Σ_c partial[c, j], the
 * per-chunk column sums of P added and divided by the n − j queries that see key j.
 */
export function flashAlpha(partial: ArrayLike<number>, n: number, chunks: number): Float64Array {
  const alpha = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let c = 0; c < chunks; c++) acc += partial[c * n + j] as number;
    alpha[j] = acc / (n - j);
  }
  return alpha;
}
