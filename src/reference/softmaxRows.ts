/**
 * Float64 twin of shaders/softmaxRows.wgsl: causal masked softmax of an [n, n] score matrix.
 * Row i sees keys j ≤ i (a boolean mask, not an additive −1e4): masked entries are exactly 0
 * and never reach exp(), so a large score in the upper triangle cannot leak.
 */
export function softmaxRows(s: ArrayLike<number>, n: number): Float64Array {
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let m = -Infinity;
    for (let j = 0; j <= i; j++) m = Math.max(m, s[row + j] as number);
    let z = 0;
    for (let j = 0; j <= i; j++) {
      const e = Math.exp((s[row + j] as number) - m);
      p[row + j] = e;
      z += e;
    }
    for (let j = 0; j <= i; j++) p[row + j] = (p[row + j] as number) / z;
  }
  return p;
}
