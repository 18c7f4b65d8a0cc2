/**
 * Float64 CPU twin of src/models/forward.ts, built from the kernels' twins in src/reference in the
 * same order, so a GPU-vs-CPU difference points at one kernel. Also the fallback where a browser
 * has no WebGPU, and the engine of the α₀ sink check in the tests.
 */
import { attnOutput } from '../reference/attnOutput';
import { attnScores } from '../reference/attnScores';
import { biasAct } from '../reference/biasAct';
import { embed } from '../reference/embed';
import { headMerge } from '../reference/headMerge';
import { headSplit } from '../reference/headSplit';
import { layerNorm } from '../reference/layerNorm';
import { matmul } from '../reference/matmul';
import { softmaxRows } from '../reference/softmaxRows';
import { TOKEN_LOSS_STRIDE, tokenLoss } from '../reference/tokenLoss';
import type { Model } from './model';

export interface ForwardRefResult {
  readonly n: number;
  /** [n, vocab] */
  readonly logits: Float64Array;
  /** Next-token cross-entropy per position (NaN at the last). */
  readonly loss: Float64Array;
  /** Top-5 ids and probabilities, [n, 5]. */
  readonly top: { readonly ids: Int32Array; readonly probs: Float64Array };
  /** maps[layer][head]: causal attention [n, n] (when asked for). */
  readonly maps?: Float64Array[][];
  /** Per layer: fused Q|K|V [n, 3D] (biases added, no row temperature) and X = ln_1(x) [n, D] (when asked for). */
  readonly layers?: { readonly qkv: Float64Array; readonly x: Float64Array }[];
}

/** The CPU twin of forward.ts's AttendHook: each head's map P [n, n] and values V′ [n, hd]. */
export type AttendHookRef = (layer: number, qkv: Float64Array, x: Float64Array) =>
  readonly { readonly p: ArrayLike<number>; readonly v: ArrayLike<number> }[] | null;

export interface ForwardRefOptions {
  readonly maps?: boolean;
  readonly layers?: boolean;
  readonly attend?: AttendHookRef;
}

export function forwardRef(model: Model, tokens: ArrayLike<number>, opts: ForwardRefOptions = {}): ForwardRefResult {
  const steps = forwardSteps(model, tokens, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * forwardRef that awaits `pause()` after each layer: a pass can take seconds on a CPU, and the
 * worker must keep answering (heartbeat, abort) meanwhile.
 */
export async function forwardRefAsync(model: Model, tokens: ArrayLike<number>, opts: ForwardRefOptions, pause: () => Promise<void>): Promise<ForwardRefResult> {
  const steps = forwardSteps(model, tokens, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pause();
  }
}

/** The pass, one layer per step. */
function* forwardSteps(model: Model, tokens: ArrayLike<number>, opts: ForwardRefOptions): Generator<void, ForwardRefResult> {
  const { nEmbd: d, nHead: heads, vocab, lnEps } = model.config;
  const hd = d / heads;
  const n = tokens.length;
  let x = embed(tokens, model.wte, model.wpe, n, d);
  const maps: Float64Array[][] = [];
  const layers: { qkv: Float64Array; x: Float64Array }[] = [];
  for (const [l, w] of model.layers.entries()) {
    const h = layerNorm(x, w.ln1g, w.ln1b, n, d, lnEps);
    const qkv = biasAct(matmul(h, w.attnW, n, d, 3 * d), w.attnB, n, 3 * d);
    const m = w.posTemp === null ? undefined : Float64Array.from({ length: n }, (_, i) => 1 + (w.posTemp as number) * Math.log(i + 1));
    const y = new Float64Array(n * d);
    const layerMaps: Float64Array[] = [];
    if (opts.layers) layers.push({ qkv, x: h });
    const hooked = opts.attend?.(l, qkv, h);
    hooked?.forEach((pv, head) => headMerge(attnOutput(pv.p, pv.v, n, hd), y, n, d, hd, head));
    for (let head = 0; head < heads && !hooked; head++) {
      const q = headSplit(qkv, n, d, hd, 0, head);
      const k = headSplit(qkv, n, d, hd, 1, head);
      const v = headSplit(qkv, n, d, hd, 2, head);
      const p = softmaxRows(attnScores(q, k, n, hd, 1 / Math.sqrt(hd), m), n);
      if (opts.maps) layerMaps.push(p);
      headMerge(attnOutput(p, v, n, hd), y, n, d, hd, head);
    }
    if (opts.maps) maps.push(layerMaps);
    const x1 = biasAct(matmul(y, w.projW, n, d, d), w.projB, n, d, { residual: x });
    const h2 = layerNorm(x1, w.ln2g, w.ln2b, n, d, lnEps);
    const g = biasAct(matmul(h2, w.fcW, n, d, 4 * d), w.fcB, n, 4 * d, { gelu: true });
    x = biasAct(matmul(g, w.mlpProjW, n, 4 * d, d), w.mlpProjB, n, d, { residual: x1 });
    yield;
  }
  const hf = layerNorm(x, model.lnfG, model.lnfB, n, d, lnEps);
  const logits = new Float64Array(n * vocab);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < vocab; t++) {
      let acc = 0;
      for (let c = 0; c < d; c++) acc += (hf[i * d + c] as number) * (model.wte[t * d + c] as number);
      logits[i * vocab + t] = acc;
    }
  }
  const targets = Float64Array.from({ length: n }, (_, i) => (i + 1 < n ? (tokens[i + 1] as number) : -1));
  const s = tokenLoss(logits, targets, n, vocab);
  const loss = new Float64Array(n);
  const ids = new Int32Array(n * 5);
  const probs = new Float64Array(n * 5);
  for (let i = 0; i < n; i++) {
    const l = s[i * TOKEN_LOSS_STRIDE] as number;
    loss[i] = l < 0 ? NaN : l;
    for (let t = 0; t < 5; t++) {
      ids[i * 5 + t] = s[i * TOKEN_LOSS_STRIDE + 2 + t] as number;
      probs[i * 5 + t] = s[i * TOKEN_LOSS_STRIDE + 7 + t] as number;
    }
  }
  return { n, logits, loss, top: { ids, probs }, maps: opts.maps ? maps : undefined, layers: opts.layers ? layers : undefined };
}

/** Gu et al.'s α₀ per head: mean over queries i of A[i, 0], [layers, heads] row-major. */
export function alpha0(maps: readonly (readonly Float64Array[])[], n: number): Float64Array {
  const heads = maps[0]?.length ?? 0;
  const out = new Float64Array(maps.length * heads);
  maps.forEach((layer, l) =>
    layer.forEach((p, h) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += p[i * n] as number;
      out[l * heads + h] = s / n;
    }),
  );
  return out;
}
