/**
 * Float64 twin of shaders/keyMass.wgsl: m_i = Σ_{j≤i} P_ij · w_j for P [n, n], w [n]. Returns [n].
 */
export function keyMass(p: ArrayLike<number>, n: number, w: ArrayLike<number>): Float64Array {
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j <= i; j++) acc += (p[i * n + j] as number) * (w[j] as number);
    m[i] = acc;
  }
  return m;
}

/** The 0/1 weight vector of a key set, for keyMass. */
export function keyIndicator(n: number, keys: readonly number[]): Float32Array {
  const w = new Float32Array(n);
  for (const j of keys) if (j >= 0 && j < n) w[j] = 1;
  return w;
}
