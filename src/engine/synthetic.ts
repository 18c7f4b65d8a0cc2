import type { SyntheticSource } from '../schema/experiment';
import { normOf } from '../schema/extent';
import { mulberry32, normal, streamSeed, type Rng } from './random';

/**
 * The synthetic source: token features X [N, D] shared by all heads, and per-head projections
 * W_Q, W_K, W_V [D, d], so that Q = X·W_Q, K = X·W_K, V = X·W_V — weight-level methods
 * (σReparam) have real weights to act on. Everything is seeded: same link, same numbers.
 *
 * X's columns: 0 a constant 1 (every token has it), 1 the sink indicator (1 at sinkPos),
 * then P sin/cos position pairs, then R random N(0, 1) "content" features.
 * Logits s_ij = x_i W_Q W_Kᵀ x_jᵀ / √d get three parts, each sized in nats:
 * - content: W_Q ~ N(0, sharp²/R), W_K ~ N(0, 1/R) on the content rows, so the part is ≈ N(0, sharp²);
 * - sink: W_Q's constant row and W_K's sink row are both a·u (u a unit vector), so every query
 *   gains a²/√d = `sinkStrength` nats on the sink key;
 * - local (odd heads): the position rows map to matching q/k dimensions, adding ≈ 2.5 nats at
 *   j = i, fading with |i − j|.
 * `weightScale` multiplies W_Q and W_K, so every part by its square: entropy collapses as it grows.
 */

/** Q, K and V of one head, each [seqLen, headDim] row-major float32. */
export interface HeadQK {
  readonly q: Float32Array;
  readonly k: Float32Array;
  readonly v: Float32Array;
}

/** One head's projections, each [modelDim, headDim] row-major float32. */
export interface HeadWeights {
  readonly wq: Float32Array;
  readonly wk: Float32Array;
  readonly wv: Float32Array;
}

const LOCAL_NATS = 2.5;
/** Stream ids: X uses INPUT_STREAM, head h uses h (weights). */
const INPUT_STREAM = 1 << 20;

/** Column layout of X for a source. */
export function featureLayout(src: SyntheticSource): { pairs: number; content: number; first: number } {
  const pairs = Math.max(0, Math.min(4, Math.floor(src.headDim / 2), Math.floor((src.modelDim - 4) / 2)));
  const first = 2 + 2 * pairs;
  return { pairs, content: src.modelDim - first, first };
}

function frequency(c: number, pairs: number): number {
  return 0.7 * Math.pow(100, -c / Math.max(1, pairs));
}

/** Token features X [seqLen, modelDim], the same for every head. */
export function generateInputs(src: SyntheticSource): Float32Array {
  const { seqLen: n, modelDim: dm } = src;
  const { pairs, first } = featureLayout(src);
  const rng = mulberry32(streamSeed(src.seed, INPUT_STREAM));
  const x = new Float32Array(n * dm);
  for (let i = 0; i < n; i++) {
    const row = i * dm;
    x[row] = 1;
    x[row + 1] = i === src.sinkPos ? 1 : 0;
    for (let c = 0; c < pairs; c++) {
      x[row + 2 + 2 * c] = Math.cos(i * frequency(c, pairs));
      x[row + 3 + 2 * c] = Math.sin(i * frequency(c, pairs));
    }
    for (let r = first; r < dm; r++) x[row + r] = normal(rng);
  }
  return x;
}

/**
 * Per-head character, so a grid of heads teaches something: sharpness spreads from 0.5× to 2×
 * the source's value across heads, and every odd head also prefers nearby keys (a "local" head).
 */
export function headCharacter(src: SyntheticSource, head: number): { sharp: number; local: number } {
  const f = src.heads > 1 ? head / (src.heads - 1) : 0.5;
  return { sharp: src.sharpness * (0.5 + 1.5 * f), local: head % 2 === 1 ? LOCAL_NATS : 0 };
}

function unitVector(rng: Rng, d: number): Float64Array {
  const u = Float64Array.from({ length: d }, () => normal(rng));
  const norm = normOf(u) || 1;
  return u.map((x) => x / norm);
}

/** W_Q, W_K, W_V of one head (its own random stream, so heads can be generated alone). */
export function generateWeights(src: SyntheticSource, head: number): HeadWeights {
  const { modelDim: dm, headDim: d, weightScale: ws } = src;
  const { pairs, content, first } = featureLayout(src);
  const rng = mulberry32(streamSeed(src.seed, head));
  const { sharp, local } = headCharacter(src, head);
  const wq = new Float32Array(dm * d);
  const wk = new Float32Array(dm * d);
  const wv = new Float32Array(dm * d);
  const sq = content > 0 ? sharp / Math.sqrt(content) : 0;
  const sk = content > 0 ? 1 / Math.sqrt(content) : 0;
  for (let r = first; r < dm; r++) {
    for (let c = 0; c < d; c++) {
      wq[r * d + c] = ws * sq * normal(rng);
      wk[r * d + c] = ws * sk * normal(rng);
      wv[r * d + c] = sk * normal(rng);
    }
  }
  const u = unitVector(rng, d);
  if (src.sinkPos !== null && src.sinkStrength > 0) {
    const a = Math.sqrt(src.sinkStrength * Math.sqrt(d));
    for (let c = 0; c < d; c++) {
      wq[c] = ws * a * (u[c] as number); // row 0: the constant feature, on every query
      wk[d + c] = ws * a * (u[c] as number); // row 1: the sink indicator, on the sink key only
    }
  }
  if (local > 0 && pairs > 0) {
    const lambda = Math.sqrt((local * Math.sqrt(d)) / pairs);
    for (let c = 0; c < 2 * pairs; c++) {
      wq[(2 + c) * d + c] = ws * lambda;
      wk[(2 + c) * d + c] = ws * lambda;
    }
  }
  return { wq, wk, wv };
}

/** X·W in float64, rounded to float32: [n, dm] · [dm, d] → [n, d]. */
export function project(x: ArrayLike<number>, w: ArrayLike<number>, n: number, dm: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) {
      let acc = 0;
      for (let r = 0; r < dm; r++) acc += (x[i * dm + r] as number) * (w[r * d + c] as number);
      out[i * d + c] = acc;
    }
  }
  return out;
}

/** Seeded Q, K, V for one head: the projections of the shared X by this head's weights. */
export function generateHead(src: SyntheticSource, head: number, x: Float32Array = generateInputs(src)): HeadQK {
  const { seqLen: n, modelDim: dm, headDim: d } = src;
  const w = generateWeights(src, head);
  return { q: project(x, w.wq, n, dm, d), k: project(x, w.wk, n, dm, d), v: project(x, w.wv, n, dm, d) };
}
