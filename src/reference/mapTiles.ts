/**
 * Float64 twin of shaders/mapTiles.wgsl: reduces an [n, n] map to ⌈n/tile⌉² tiles, each the
 * max or the mean of its tile×tile block (blocks at the edge are smaller; the mean divides by
 * the entries actually inside the map).
 */
export function mapTiles(
  p: ArrayLike<number>,
  n: number,
  tile: number,
  reduce: 'max' | 'mean',
): { data: Float64Array; rows: number; cols: number } {
  const t = Math.ceil(n / tile);
  const out = new Float64Array(t * t);
  for (let r = 0; r < t; r++) {
    for (let c = 0; c < t; c++) {
      let acc = 0; // probabilities are ≥ 0, so 0 is a safe start for max too
      let count = 0;
      for (let i = r * tile; i < Math.min(n, (r + 1) * tile); i++) {
        for (let j = c * tile; j < Math.min(n, (c + 1) * tile); j++) {
          const x = p[i * n + j] as number;
          acc = reduce === 'max' ? Math.max(acc, x) : acc + x;
          count++;
        }
      }
      out[r * t + c] = reduce === 'max' ? acc : acc / count;
    }
  }
  return { data: out, rows: t, cols: t };
}
