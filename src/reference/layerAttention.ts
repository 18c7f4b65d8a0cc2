import { attnOutput } from './attnOutput';
import { attnScores } from './attnScores';
import { headMerge } from './headMerge';
import { headSplit } from './headSplit';
import { softmaxRows } from './softmaxRows';

/**
 * Float64 twin of forward.ts's layerAttention (the batched strided matmul of shaders/matmul.wgsl
 * twice around shaders/softmaxRows.wgsl): for every head h of the fused Q|K|V [n, 3D],
 * y[:, h·hd…] = softmax_causal(m ⊙ Q_h K_hᵀ / √hd) V_h. Returns y [n, D].
 */
export function layerAttention(qkv: ArrayLike<number>, n: number, d: number, heads: number, rowScale?: ArrayLike<number>): Float64Array {
  const hd = d / heads;
  const y = new Float64Array(n * d);
  for (let h = 0; h < heads; h++) {
    const q = headSplit(qkv, n, d, hd, 0, h);
    const k = headSplit(qkv, n, d, hd, 1, h);
    const v = headSplit(qkv, n, d, hd, 2, h);
    const p = softmaxRows(attnScores(q, k, n, hd, 1 / Math.sqrt(hd), rowScale), n);
    headMerge(attnOutput(p, v, n, hd), y, n, d, hd, h);
  }
  return y;
}
