/**
 * Float64 twin of shaders/embedRows.wgsl: Y[i, :] = E[tokens[i], :], a row gather from the
 * embedding E [vocab, d] (Llama has no position embedding: positions enter through rotary).
 * Ids outside [0, vocab) give a zero row (the GPU must not read out of bounds; the loader
 * rejects such ids before this). Returns Y [n, d].
 */
export function embedRows(tokens: ArrayLike<number>, e: ArrayLike<number>, n: number, d: number, vocab: number): Float64Array {
  const y = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as number;
    if (!(t >= 0 && t < vocab)) continue;
    for (let c = 0; c < d; c++) y[i * d + c] = e[t * d + c] as number;
  }
  return y;
}
