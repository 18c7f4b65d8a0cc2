import type { SyntheticSource } from '../schema/experiment';
import { mulberry32, normal, streamSeed } from './random';

/** Q, K and V of one head, each [seqLen, headDim] row-major float32. */
export interface HeadQK {
  readonly q: Float32Array;
  readonly k: Float32Array;
  /** Values ~ N(0, 1), from a stream of their own, so adding V changed no Q or K. */
  readonly v: Float32Array;
}

/** Stream index offset of the value stream (head h's V uses stream VALUE_STREAM + h). */
const VALUE_STREAM = 1 << 20;

/**
 * Per-head character, so a grid of heads teaches something: sharpness spreads from 0.5× to 2×
 * the source's value across heads, and every odd head also prefers nearby keys (a "local" head).
 */
export function headCharacter(src: SyntheticSource, head: number): { sharp: number; local: number } {
  const f = src.heads > 1 ? head / (src.heads - 1) : 0.5;
  return { sharp: src.sharpness * (0.5 + 1.5 * f), local: head % 2 === 1 ? 2.5 : 0 };
}

/**
 * Seeded Q, K for one head (each head has its own random stream, so heads can be generated alone).
 *
 * Logits s_ij = q_i·k_j/√d are built from three parts, each sized in nats:
 * - random: q_i = sharp · g_i, k_j = g'_j with g, g' ~ N(0, I), so the part is ≈ N(0, sharp²);
 * - local (odd heads): sinusoidal position features on both sides add ≈ `local` nats at j = i,
 *   fading with |i − j|;
 * - sink: a shared unit direction u is added to every query and to key `sinkPos` with weight
 *   c = √(strength·√d), so every query that can see the sink gains ≈ `strength` nats on it.
 */
export function generateHead(src: SyntheticSource, head: number): HeadQK {
  const n = src.seqLen;
  const d = src.headDim;
  const rng = mulberry32(streamSeed(src.seed, head));
  const { sharp, local } = headCharacter(src, head);
  const q = new Float32Array(n * d);
  const k = new Float32Array(n * d);
  for (let x = 0; x < n * d; x++) q[x] = sharp * normal(rng);
  for (let x = 0; x < n * d; x++) k[x] = normal(rng);

  const pairs = Math.floor(d / 2);
  if (local > 0 && pairs > 0) {
    const lambda = Math.sqrt((local * Math.sqrt(d)) / pairs);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < pairs; c++) {
        const w = Math.pow(100, -c / pairs) * 0.7;
        const cs = lambda * Math.cos(i * w);
        const sn = lambda * Math.sin(i * w);
        q[i * d + 2 * c] = (q[i * d + 2 * c] as number) + cs;
        q[i * d + 2 * c + 1] = (q[i * d + 2 * c + 1] as number) + sn;
        k[i * d + 2 * c] = (k[i * d + 2 * c] as number) + cs;
        k[i * d + 2 * c + 1] = (k[i * d + 2 * c + 1] as number) + sn;
      }
    }
  }

  if (src.sinkPos !== null && src.sinkStrength > 0 && src.sinkPos < n) {
    const u = new Float64Array(d);
    let norm = 0;
    for (let c = 0; c < d; c++) {
      u[c] = normal(rng);
      norm += (u[c] as number) ** 2;
    }
    const weight = Math.sqrt(src.sinkStrength * Math.sqrt(d)) / Math.sqrt(norm);
    for (let c = 0; c < d; c++) {
      const uc = (u[c] as number) * weight;
      for (let i = 0; i < n; i++) q[i * d + c] = (q[i * d + c] as number) + uc;
      k[src.sinkPos * d + c] = (k[src.sinkPos * d + c] as number) + uc;
    }
  }
  const vr = mulberry32(streamSeed(src.seed, VALUE_STREAM + head));
  const v = new Float32Array(n * d);
  for (let x = 0; x < n * d; x++) v[x] = normal(vr);
  return { q, k, v };
}
