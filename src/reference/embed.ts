/** Float64 twin of shaders/embed.wgsl: X[i, c] = wte[tok_i, c] + wpe[i, c], X [n, d]. */
export function embed(tokens: ArrayLike<number>, wte: ArrayLike<number>, wpe: ArrayLike<number>, n: number, d: number): Float64Array {
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as number;
    for (let c = 0; c < d; c++) x[i * d + c] = (wte[t * d + c] as number) + (wpe[i * d + c] as number);
  }
  return x;
}
