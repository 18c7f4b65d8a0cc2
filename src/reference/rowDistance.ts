/**
 * Float64 twin of shaders/rowDistance.wgsl: dist_i = ‖X_i − Y_i‖₂ for X, Y [n, m] row-major,
 * e.g. the per-query output error ‖O′_i − O_i‖ of a method against dense attention. Returns [n].
 */
export function rowDistance(x: ArrayLike<number>, y: ArrayLike<number>, n: number, m: number): Float64Array {
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let c = 0; c < m; c++) {
      const d = (x[i * m + c] as number) - (y[i * m + c] as number);
      acc += d * d;
    }
    dist[i] = Math.sqrt(acc);
  }
  return dist;
}
