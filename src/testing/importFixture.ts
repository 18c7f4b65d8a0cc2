import { attnScores } from '../reference/attnScores';
import { softmaxRows } from '../reference/softmaxRows';
import { mulberry32, normal } from '../engine/random';
import type { Tensor } from '../schema/tensor';

/** Seeded Q, K, V [layers, heads, n, d] for import tests (Gaussian, scaled so heads differ). */
export function randomQkv(layers: number, heads: number, n: number, d: number, seed = 5): { q: Tensor; k: Tensor; v: Tensor } {
  const rng = mulberry32(seed);
  const shape = [layers, heads, n, d];
  const make = (scale: (u: number) => number) => {
    const data = new Float32Array(layers * heads * n * d);
    for (let i = 0; i < data.length; i++) data[i] = scale(Math.floor(i / (n * d))) * normal(rng);
    return { data, shape };
  };
  return { q: make((u) => 0.5 + 0.4 * u), k: make(() => 1), v: make(() => 1) };
}

/** The float64 causal softmax(QKᵀ/√d) maps [layers, heads, n, n] of Q, K [layers, heads, n, d]. */
export function mapsOf(q: Tensor, k: Tensor): Float64Array[] {
  const [layers = 1, heads = 1, n = 1, d = 1] = q.shape;
  return Array.from({ length: layers * heads }, (_, u) =>
    softmaxRows(attnScores(q.data.subarray(u * n * d, (u + 1) * n * d), k.data.subarray(u * n * d, (u + 1) * n * d), n, d), n));
}
