import { attnScores } from './attnScores';
import { receivedAttention } from './receivedAttention';
import { softmaxRows } from './softmaxRows';

/**
 * Float64 twin of shaders/flashColumns.wgsl followed by shaders/flashAlpha.wgsl, for one head:
 * the causal map P = softmax_{j≤i}(scale · Q Kᵀ) [n, n], its column sums per chunk of
 * `rowsPerChunk` query rows (partial [chunks, n]) and α_j = (1/(n−j)) Σ_{i≥j} P_ij [n].
 * Composes the attnScores, softmaxRows and receivedAttention twins.
 */
export function flashColumns(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  n: number,
  d: number,
  rowsPerChunk: number,
  scale = 1 / Math.sqrt(d),
): { p: Float64Array; partial: Float64Array; chunks: number; alpha: Float64Array } {
  const p = softmaxRows(attnScores(q, k, n, d, scale), n);
  const chunks = Math.ceil(n / rowsPerChunk);
  const partial = new Float64Array(chunks * n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(i / rowsPerChunk);
    for (let j = 0; j <= i; j++) partial[c * n + j] = (partial[c * n + j] as number) + (p[i * n + j] as number);
  }
  return { p, partial, chunks, alpha: receivedAttention(p, n) };
}
