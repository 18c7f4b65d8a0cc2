/**
 * Float64 twin of shaders/receivedAttention.wgsl: α_j = (1/(n−j)) Σ_{i=j}^{n−1} P_ij, the mean
 * attention key j receives from the n − j queries that can see it (docs/methods.md "Received attention and sinks").
 * P: [n, n] causal, row-major. Returns α [n].
 */
export function receivedAttention(p: ArrayLike<number>, n: number): Float64Array {
  const alpha = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let i = j; i < n; i++) acc += p[i * n + j] as number;
    alpha[j] = acc / (n - j);
  }
  return alpha;
}
