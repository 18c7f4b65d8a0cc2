import { attnScores } from './attnScores';
import { mapTiles } from './mapTiles';
import { softmaxRows } from './softmaxRows';

/**
 * Float64 twin of shaders/flashTiles.wgsl for one head: the causal map softmax(scale · Q Kᵀ)
 * reduced to ⌈n/tile⌉² tiles by max or mean (the mapTiles twin on the softmaxRows twin).
 */
export function flashTiles(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  n: number,
  d: number,
  tile: number,
  reduce: 'max' | 'mean',
  scale = 1 / Math.sqrt(d),
): { data: Float64Array; rows: number; cols: number } {
  return mapTiles(softmaxRows(attnScores(q, k, n, d, scale), n), n, tile, reduce);
}
