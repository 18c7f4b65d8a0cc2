/**
 * A language model's heads as HeadInputs, so every method and statistic of the lab runs on real
 * attention. From one layer's fused Q|K|V [n, 3D] (c_attn output, biases added) and its input
 * X = ln_1(x) [n, D]: head h's Q, K, V are columns [h·hd, (h+1)·hd) of each third; its W_Q, W_K,
 * W_V the same columns of c_attn's [D, 3D] weight (Conv1D: y = x·W + b), for σReparam.
 * A model trained with the selective position temperature has it folded into Q (m_i · q_i), so
 * the plain-softmax pane reproduces the model's own attention.
 */
import { positionTemperature, type Model } from '../models/model';
import type { HeadInputs } from './headInputs';

/** Columns [c0, c0 + w) of a row-major [rows, cols] matrix, as float32 [rows, w]. */
function columns(a: ArrayLike<number>, rows: number, cols: number, c0: number, w: number): Float32Array {
  const out = new Float32Array(rows * w);
  for (let r = 0; r < rows; r++) for (let c = 0; c < w; c++) out[r * w + c] = a[r * cols + c0 + c] as number;
  return out;
}

export interface ModelLayerData {
  /** Fused Q|K|V [n, 3D]. */
  readonly qkv: ArrayLike<number>;
  /** Layer input X = ln_1(x) [n, D]. */
  readonly x: ArrayLike<number>;
}

/** Head `head` of layer `layer` for a sequence of n tokens. */
export function modelHead(model: Model, layer: number, head: number, n: number, data: ModelLayerData, selected: boolean, bounds = selected): HeadInputs {
  const { nEmbd: dm, nHead } = model.config;
  const d = dm / nHead;
  const w = model.layers[layer];
  if (!w) throw new RangeError(`modelHead: layer ${layer} of ${model.layers.length}`);
  const rowScale = w.posTemp === null ? null : positionTemperature(w.posTemp, n);
  const q = columns(data.qkv, n, 3 * dm, head * d, d);
  if (rowScale) for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) q[i * d + c] = (q[i * d + c] as number) * (rowScale[i] as number);
  return {
    n, d, layer, head, selected, model: true, q,
    k: columns(data.qkv, n, 3 * dm, dm + head * d, d),
    v: columns(data.qkv, n, 3 * dm, 2 * dm + head * d, d),
    proj: {
      dm,
      x: Float32Array.from(data.x),
      weights: {
        wq: columns(w.attnW, dm, 3 * dm, head * d, d),
        wk: columns(w.attnW, dm, 3 * dm, dm + head * d, d),
        wv: columns(w.attnW, dm, 3 * dm, 2 * dm + head * d, d),
      },
      bq: w.attnB.slice(head * d, head * d + d),
      bk: w.attnB.slice(dm + head * d, dm + head * d + d),
      rowScale,
      seed: 0,
      bounds,
    },
  };
}
