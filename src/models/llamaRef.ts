/**
 * Float64 forward pass of a Llama-family model (docs/methods.md, "Llama-family models"), built
 * from the kernels' twins in the order a GPU pass runs them, so a GPU-vs-CPU difference points at
 * one kernel:
 *
 *   embedRows → per layer [rmsNorm → linear q, k, v (+ Qwen2 biases) → rope on Q and K →
 *   gqaScores → causal softmax per head → gqaOutput → linear o_proj + residual → rmsNorm →
 *   linear gate, up → swiglu → linear down_proj + residual] → rmsNorm → linear LM head → tokenLoss
 *
 * The result has the shape of forwardRef's (n, logits, loss, top, maps), so the engine treats
 * GPT-2 and Llama alike; `layers` holds the post-rotary Q, K and V each head attends with.
 */
import { LabError } from '../schema/errors';
import { attnOutput } from '../reference/attnOutput';
import { embedRows } from '../reference/embedRows';
import { gqaOutput } from '../reference/gqaOutput';
import { gqaScores } from '../reference/gqaScores';
import { linear } from '../reference/linear';
import { rmsNorm } from '../reference/rmsNorm';
import { rope, ropeTables } from '../reference/rope';
import { softmaxRows } from '../reference/softmaxRows';
import { swiglu } from '../reference/swiglu';
import { kvHeadOf, type LlamaConfig } from './llamaConfig';
import { weightF32, type LlamaModel, type Weight } from './llamaWeights';
import { nextTokenOutputs } from './tokenOutputs';

/** One layer as attention sees it (all row-major, float64). */
export interface LlamaLayerCapture {
  /** Post-rotary queries [n, H·d], head h in columns h·d…h·d+d−1. */
  readonly q: Float64Array;
  /** Post-rotary keys [n, H_kv·d]: query head h attends with K head ⌊h / (H/H_kv)⌋. */
  readonly k: Float64Array;
  /** Values [n, H_kv·d]. */
  readonly v: Float64Array;
  /** The attention block's input after RMSNorm, [n, D]. */
  readonly x: Float64Array;
}

export interface LlamaForwardRefResult {
  readonly n: number;
  /** [n, vocab] */
  readonly logits: Float64Array;
  /** Next-token cross-entropy per position in nats (NaN at the last). */
  readonly loss: Float64Array;
  /** Top-5 ids and probabilities, [n, 5]. */
  readonly top: { readonly ids: Int32Array; readonly probs: Float64Array };
  /** maps[layer][query head]: causal attention [n, n] (when asked for). */
  readonly maps?: Float64Array[][];
  /** Per layer, post-rotary Q, K, V and the normed input (when asked for). */
  readonly layers?: LlamaLayerCapture[];
}

/**
 * Methods inside the forward pass: given a layer's capture, each query head's map P [n, n] and
 * values V′ [n, d] (its group's V, or a method's change of it), or null for plain attention.
 */
export type LlamaAttendHookRef = (layer: number, capture: LlamaLayerCapture) =>
  readonly { readonly p: ArrayLike<number>; readonly v: ArrayLike<number> }[] | null;

export interface LlamaForwardRefOptions {
  readonly maps?: boolean;
  readonly layers?: boolean;
  readonly attend?: LlamaAttendHookRef;
}

/** Ids must index the vocabulary (the GPU gather would read a zero row instead of failing). */
export function checkLlamaTokens(config: LlamaConfig, tokens: ArrayLike<number>): void {
  if (tokens.length < 1) throw new LabError('bad-input', 'model: the input has no tokens');
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as number;
    if (!Number.isInteger(t) || t < 0 || t >= config.vocab) throw new LabError('bad-input', `model: token ${t} at position ${i} is outside the vocabulary of ${config.vocab}`);
  }
}

const f32 = (w: Weight | null): Float32Array | null => (w ? weightF32(w) : null);

export function llamaForwardRef(model: LlamaModel, tokens: ArrayLike<number>, opts: LlamaForwardRefOptions = {}): LlamaForwardRefResult {
  const c = model.config;
  checkLlamaTokens(c, tokens);
  const { nEmbd: D, nHead: H, nKvHead: Hkv, headDim: d, nFf: F, vocab, normEps: eps } = c;
  const n = tokens.length;
  const group = H / Hkv;
  const { cos, sin } = ropeTables(n, d, c.rope);
  let x = embedRows(tokens, weightF32(model.embed), n, D, vocab);
  const maps: Float64Array[][] = [];
  const layers: LlamaLayerCapture[] = [];
  for (const [l, w] of model.layers.entries()) {
    const h = rmsNorm(x, weightF32(w.inputNorm), n, D, eps);
    const q = linear(h, weightF32(w.q), n, D, H * d, f32(w.qBias));
    const k = linear(h, weightF32(w.k), n, D, Hkv * d, f32(w.kBias));
    const v = linear(h, weightF32(w.v), n, D, Hkv * d, f32(w.vBias));
    rope(q, n, H * d, 0, H, d, cos, sin);
    rope(k, n, Hkv * d, 0, Hkv, d, cos, sin);
    const capture = { q, k, v, x: h };
    if (opts.layers) layers.push(capture);
    const hooked = opts.attend?.(l, capture);
    let o: Float64Array;
    if (hooked) {
      o = new Float64Array(n * H * d);
      hooked.forEach((pv, head) => {
        const oh = attnOutput(pv.p, pv.v, n, d);
        for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) o[i * H * d + head * d + t] = oh[i * d + t] as number;
      });
    } else {
      const s = gqaScores(q, k, { n, d, heads: H, group, qStride: H * d, qOffset: 0, kStride: Hkv * d, kOffset: 0 });
      const p = new Float64Array(H * n * n);
      const layerMaps: Float64Array[] = [];
      for (let head = 0; head < H; head++) {
        const ph = softmaxRows(s.subarray(head * n * n, (head + 1) * n * n), n);
        p.set(ph, head * n * n);
        if (opts.maps) layerMaps.push(ph);
      }
      if (opts.maps) maps.push(layerMaps);
      o = gqaOutput(p, v, n, d, H, group, Hkv * d, 0);
    }
    const x1 = linear(o, weightF32(w.o), n, H * d, D, null, x);
    const h2 = rmsNorm(x1, weightF32(w.postNorm), n, D, eps);
    const a = swiglu(linear(h2, weightF32(w.gate), n, D, F), linear(h2, weightF32(w.up), n, D, F), n, F);
    x = linear(a, weightF32(w.down), n, F, D, null, x1);
  }
  const hf = rmsNorm(x, weightF32(model.norm), n, D, eps);
  const logits = linear(hf, weightF32(model.lmHead), n, D, vocab);
  const { loss, top } = nextTokenOutputs(logits, tokens, n, vocab);
  return { n, logits, loss, top, maps: opts.maps ? maps : undefined, layers: opts.layers ? layers : undefined };
}

/** One query head's Q, K, V [n, d] from a capture: K and V are its group's (head ⌊h / (H/H_kv)⌋). */
export function llamaHeadQkv(config: LlamaConfig, cap: LlamaLayerCapture, head: number): { q: Float64Array; k: Float64Array; v: Float64Array } {
  const { nHead: H, nKvHead: Hkv, headDim: d } = config;
  const n = cap.q.length / (H * d);
  const g = kvHeadOf(config, head);
  const take = (src: Float64Array, width: number, h: number) => {
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) out.set(src.subarray(i * width + h * d, i * width + h * d + d), i * d);
    return out;
  };
  return { q: take(cap.q, H * d, head), k: take(cap.k, Hkv * d, g), v: take(cap.v, Hkv * d, g) };
}
