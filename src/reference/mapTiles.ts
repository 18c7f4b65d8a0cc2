/** A rectangle of an [n, n] map: queries [r0, r0 + rows) × keys [c0, c0 + cols). */
export interface Region {
  readonly r0: number;
  readonly c0: number;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Float64 twin of shaders/mapTiles.wgsl: reduces a region of an [n, n] map (default: all of it)
 * to ⌈rows/tile⌉ × ⌈cols/tile⌉ tiles, each the max or the mean of its tile×tile block (blocks at
 * the edge are smaller; the mean divides by the entries actually inside the region).
 */
export function mapTiles(
  p: ArrayLike<number>,
  n: number,
  tile: number,
  reduce: 'max' | 'mean',
  region: Region = { r0: 0, c0: 0, rows: n, cols: n },
): { data: Float64Array; rows: number; cols: number } {
  const tr = Math.ceil(region.rows / tile);
  const tc = Math.ceil(region.cols / tile);
  const out = new Float64Array(tr * tc);
  for (let r = 0; r < tr; r++) {
    for (let c = 0; c < tc; c++) {
      const i0 = region.r0 + r * tile;
      const j0 = region.c0 + c * tile;
      const i1 = Math.min(region.r0 + region.rows, i0 + tile);
      const j1 = Math.min(region.c0 + region.cols, j0 + tile);
      let acc = 0; // probabilities are ≥ 0, so 0 is a safe start for max too
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) {
          const x = p[i * n + j] as number;
          acc = reduce === 'max' ? Math.max(acc, x) : acc + x;
        }
      }
      out[r * tc + c] = reduce === 'max' ? acc : acc / ((i1 - i0) * (j1 - j0));
    }
  }
  return { data: out, rows: tr, cols: tc };
}
