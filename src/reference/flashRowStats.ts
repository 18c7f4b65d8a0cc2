import { attnScores } from './attnScores';
import { rowEntropy } from './rowEntropy';
import { softmaxRows } from './softmaxRows';

/**
 * Float64 twin of shaders/flashRowStats.wgsl for one head: lse_i = ln Σ_{j≤i} e^{s_ij} and the
 * row entropy H_i (nats) of the causal softmax of s = scale · Q Kᵀ. Composes the attnScores,
 * softmaxRows and rowEntropy twins. Q, K: [n, d]. Returns lse [n], H [n].
 */
export function flashRowStats(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  n: number,
  d: number,
  scale = 1 / Math.sqrt(d),
): { lse: Float64Array; h: Float64Array } {
  const s = attnScores(q, k, n, d, scale);
  const lse = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j <= i; j++) m = Math.max(m, s[i * n + j] as number);
    let z = 0;
    for (let j = 0; j <= i; j++) z += Math.exp((s[i * n + j] as number) - m);
    lse[i] = m + Math.log(z);
  }
  return { lse, h: rowEntropy(softmaxRows(s, n), n) };
}
