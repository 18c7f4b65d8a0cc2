/**
 * Float64 twin of shaders/attnOutput.wgsl: O = P · V over the causal support,
 * O[i·dv + c] = Σ_{j ≤ i} P[i·n + j] · V[j·dv + c]. P: [n, n], V: [n, dv]. Returns O [n, dv].
 */
export function attnOutput(p: ArrayLike<number>, v: ArrayLike<number>, n: number, dv: number): Float64Array {
  const o = new Float64Array(n * dv);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const w = p[i * n + j] as number;
      if (w === 0) continue;
      for (let c = 0; c < dv; c++) o[i * dv + c] = (o[i * dv + c] as number) + w * (v[j * dv + c] as number);
    }
  }
  return o;
}
