/**
 * A Llama-family model's query heads as HeadInputs, so every method and statistic runs on them as
 * on GPT-2's heads (docs/methods.md, "Llama-family models"). Q and K are the post-rotary vectors
 * the model attends with; query head h reads K/V head g = ⌊h / (H/H_kv)⌋, so the heads of one
 * group share K and V. For σReparam the head's projection is W_Q's rows h·d…h·d+d−1 and its
 * group's W_K (HF layout [out, in], transposed here to [D, d]), on the normed layer input X, with
 * the rotary tables so that the rescaled Q and K are rotated as the model rotates them. Rescaling
 * W_K changes the whole group's keys: the lab measures the head alone (the other heads of the
 * group keep their own pane), and the per-head table says which heads share it.
 * Theorem 3.1's entropy bound assumes QKᵀ = X·W_Q·W_Kᵀ·Xᵀ, which rotary breaks, so it is off here.
 */
import { ropeTables } from '../reference/rope';
import { kvHeadOf, type LlamaConfig } from '../models/llamaConfig';
import { weightF32, type LlamaModel, type Weight } from '../models/llamaWeights';
import type { HeadInputs } from './headInputs';

/** One layer as the heads need it: post-rotary Q [n, H·d], K and V [n, H_kv·d], normed input X [n, D]. */
export interface LlamaLayerData {
  readonly q: ArrayLike<number>;
  readonly k: ArrayLike<number>;
  readonly v: ArrayLike<number>;
  readonly x: ArrayLike<number>;
}

/** Splits a fused post-rotary Q|K|V [n, (H + 2H_kv)·d] (the GPU pass's capture) into its parts. */
export function splitQkv(c: LlamaConfig, qkv: Float32Array, x: Float32Array, n: number): LlamaLayerData {
  const { nHead: H, nKvHead: Hkv, headDim: d } = c;
  const W = (H + 2 * Hkv) * d;
  const part = (off: number, w: number) => {
    const out = new Float32Array(n * w);
    for (let i = 0; i < n; i++) out.set(qkv.subarray(i * W + off, i * W + off + w), i * w);
    return out;
  };
  return { q: part(0, H * d), k: part(H * d, Hkv * d), v: part((H + Hkv) * d, Hkv * d), x };
}

/** Head `h`'s d columns of a row-major [n, width] matrix. */
function headCols(a: ArrayLike<number>, n: number, width: number, h: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) out[i * d + c] = a[i * width + h * d + c] as number;
  return out;
}

/** Rows r0…r0+d−1 of an HF weight [out, D], transposed to [D, d]. */
function rowsT(w: Weight, r0: number, d: number, D: number): Float32Array {
  const f = weightF32(w);
  const out = new Float32Array(D * d);
  for (let c = 0; c < d; c++) for (let j = 0; j < D; j++) out[j * d + c] = f[(r0 + c) * D + j] as number;
  return out;
}

const tables = new WeakMap<LlamaConfig, { n: number; cos: Float32Array; sin: Float32Array }>();
function ropeOf(c: LlamaConfig, n: number) {
  const t = tables.get(c);
  if (t?.n === n) return t;
  const r = ropeTables(n, c.headDim, c.rope);
  const out = { n, cos: Float32Array.from(r.cos), sin: Float32Array.from(r.sin) };
  tables.set(c, out);
  return out;
}

/** The query heads sharing head h's K/V head, e.g. [0, 1, 2, 3]. */
export function kvGroupOf(c: LlamaConfig, head: number): number[] {
  const g = c.nHead / c.nKvHead;
  const first = kvHeadOf(c, head) * g;
  return Array.from({ length: g }, (_, i) => first + i);
}

export function llamaHead(model: LlamaModel, layer: number, head: number, n: number, data: LlamaLayerData, selected: boolean): HeadInputs {
  const c = model.config;
  const { nEmbd: D, nHead: H, nKvHead: Hkv, headDim: d } = c;
  const w = model.layers[layer];
  if (!w) throw new RangeError(`llamaHead: layer ${layer} of ${model.layers.length}`);
  const g = kvHeadOf(c, head);
  const bias = (b: Weight | null, r0: number) => (b ? weightF32(b).slice(r0, r0 + d) : null);
  const t = ropeOf(c, n);
  return {
    n, d, layer, head, selected, model: true,
    q: headCols(data.q, n, H * d, head, d),
    k: headCols(data.k, n, Hkv * d, g, d),
    v: headCols(data.v, n, Hkv * d, g, d),
    proj: {
      dm: D,
      x: Float32Array.from(data.x),
      weights: { wq: rowsT(w.q, head * d, d, D), wk: rowsT(w.k, g * d, d, D), wv: rowsT(w.v, g * d, d, D) },
      bq: bias(w.qBias, head * d),
      bk: bias(w.kBias, g * d),
      rowScale: null,
      seed: 0,
      bounds: false,
      rope: { cos: t.cos, sin: t.sin },
    },
  };
}
