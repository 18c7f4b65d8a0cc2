/**
 * GPT-2 forward pass on the GPU, built from the lab's WGSL kernels: embed → per layer
 * [layerNorm → matmul + bias (c_attn) → every head at once (batched strided matmul Q_h K_hᵀ
 * (× row temperature) → softmaxRows (causal) → matmul P_h V_h into y) → matmul + bias + residual
 * (c_proj) → layerNorm → matmul + bias + GELU (c_fc) → matmul + bias + residual (mlp.c_proj)] →
 * layerNorm (ln_f) → matmul with wteᵀ (tied LM head) → tokenLoss (per-token loss and top-5).
 *
 * Each layer is submitted on its own and its temporaries freed, so memory stays at one layer's
 * worth; each layer's fused QKV [n, 3D] is kept (when `captureQKV`) so that Q, K, V and the
 * attention map of any layer and head can be read back afterwards — the lab's methods and
 * statistics then run on real attention.
 */
import { GpuArena, readF32, readF32Many } from '../gpu/arena';
import {
  AttnOutput, AttnScores, BiasAct, Embed, HeadMerge, HeadSplit, LayerNorm, Matmul, SoftmaxRows, TokenLoss,
} from '../gpu/kernels';
import { TOKEN_LOSS_STRIDE, TOKEN_LOSS_TOPK } from '../gpu/kernels/tokenLoss';
import { LabError } from '../schema/errors';
import type { Tensor } from '../schema/tensor';
import { positionTemperature, type Model } from './model';

/** The kernels the forward pass uses; `createModelKernels` compiles them once per device. */
export interface ModelKernels {
  readonly device: GPUDevice;
  readonly matmul: Matmul;
  readonly attnScores: AttnScores;
  readonly softmaxRows: SoftmaxRows;
  readonly attnOutput: AttnOutput;
  readonly layerNorm: LayerNorm;
  readonly biasAct: BiasAct;
  readonly embed: Embed;
  readonly headSplit: HeadSplit;
  readonly headMerge: HeadMerge;
  readonly tokenLoss: TokenLoss;
}

type Shared = Pick<ModelKernels, 'matmul' | 'attnScores' | 'softmaxRows' | 'attnOutput'>;

/** Compiles the model kernels one at a time; pass the engine's `Kernels` to reuse its shared ones. */
export async function createModelKernels(device: GPUDevice, shared?: Shared): Promise<ModelKernels> {
  const matmul = shared?.matmul ?? (await Matmul.create(device));
  const attnScores = shared?.attnScores ?? (await AttnScores.create(device));
  const softmaxRows = shared?.softmaxRows ?? (await SoftmaxRows.create(device));
  const attnOutput = shared?.attnOutput ?? (await AttnOutput.create(device));
  const layerNorm = await LayerNorm.create(device);
  const biasAct = await BiasAct.create(device);
  const embed = await Embed.create(device);
  const headSplit = await HeadSplit.create(device);
  const headMerge = await HeadMerge.create(device);
  const tokenLoss = await TokenLoss.create(device);
  return { device, matmul, attnScores, softmaxRows, attnOutput, layerNorm, biasAct, embed, headSplit, headMerge, tokenLoss };
}

interface GpuLayer {
  readonly ln1g: GPUBuffer; readonly ln1b: GPUBuffer; readonly attnW: GPUBuffer; readonly attnB: GPUBuffer;
  readonly projW: GPUBuffer; readonly projB: GPUBuffer; readonly ln2g: GPUBuffer; readonly ln2b: GPUBuffer;
  readonly fcW: GPUBuffer; readonly fcB: GPUBuffer; readonly mlpProjW: GPUBuffer; readonly mlpProjB: GPUBuffer;
}

/** A model's weights on one device. `destroy()` frees them. */
export interface GpuModel {
  readonly model: Model;
  readonly wte: GPUBuffer;
  /** wteᵀ [D, vocab], the LM head's right operand. */
  readonly wteT: GPUBuffer;
  readonly wpe: GPUBuffer;
  readonly layers: readonly GpuLayer[];
  readonly lnfG: GPUBuffer;
  readonly lnfB: GPUBuffer;
  destroy(): void;
}

export function uploadModel(device: GPUDevice, model: Model): GpuModel {
  const arena = new GpuArena(device);
  const { nEmbd: d, vocab } = model.config;
  const wteT = new Float32Array(d * vocab);
  for (let t = 0; t < vocab; t++) for (let c = 0; c < d; c++) wteT[c * vocab + t] = model.wte[t * d + c] as number;
  const up = (name: string, a: Float32Array) => arena.upload(`model.${name}`, a);
  return {
    model,
    wte: up('wte', model.wte),
    wteT: up('wteT', wteT),
    wpe: up('wpe', model.wpe),
    layers: model.layers.map((l, i) => ({
      ln1g: up(`h${i}.ln1g`, l.ln1g), ln1b: up(`h${i}.ln1b`, l.ln1b),
      attnW: up(`h${i}.attnW`, l.attnW), attnB: up(`h${i}.attnB`, l.attnB),
      projW: up(`h${i}.projW`, l.projW), projB: up(`h${i}.projB`, l.projB),
      ln2g: up(`h${i}.ln2g`, l.ln2g), ln2b: up(`h${i}.ln2b`, l.ln2b),
      fcW: up(`h${i}.fcW`, l.fcW), fcB: up(`h${i}.fcB`, l.fcB),
      mlpProjW: up(`h${i}.mlpProjW`, l.mlpProjW), mlpProjB: up(`h${i}.mlpProjB`, l.mlpProjB),
    })),
    lnfG: up('lnfG', model.lnfG),
    lnfB: up('lnfB', model.lnfB),
    destroy: () => arena.destroy(),
  };
}

/** A storage buffer that copies can land in. */
function target(arena: GpuArena, label: string, count: number): GPUBuffer {
  return arena.storage(label, count);
}

/**
 * Replaces a layer's attention inside the forward pass: given the layer's fused Q|K|V [n, 3D]
 * (biases added, before any row temperature) and its input X = ln_1(x) [n, D], returns each
 * head's row-stochastic map P [n, n] and the values V′ [n, hd] it multiplies, as buffers in
 * `arena` (freed after the layer). This is how a method's effect on the model's loss is measured.
 */
export type AttendHook = (layer: number, qkv: Float32Array, x: Float32Array, arena: GpuArena) =>
  Promise<readonly { readonly p: GPUBuffer; readonly v: GPUBuffer }[]>;

export interface ForwardOptions {
  /** Keep each layer's QKV on the GPU for captureQKV / attention (default true). */
  readonly captureQKV?: boolean;
  /** Also keep each layer's input X = ln_1(x) [n, D] for layerInputs (default false). */
  readonly captureX?: boolean;
  /** Every layer's attention comes from this hook instead of the model's softmax… */
  readonly attend?: AttendHook;
  /** …or only the layers this accepts (the others keep the model's own attention, with no readback). */
  readonly attendLayer?: (layer: number) => boolean;
  /** Read back the full logits [n, vocab] (default false: only loss and top-5 come back). */
  readonly logits?: boolean;
}

export interface ForwardResult {
  readonly n: number;
  /** Cross-entropy of the next token at each position, nats; NaN at the last position. */
  readonly loss: Float32Array;
  /** Mean of the finite entries of `loss`. */
  readonly meanLoss: number;
  /** Top-5 next tokens per position: ids and probabilities, [n, 5] row-major. */
  readonly top: { readonly ids: Int32Array; readonly probs: Float32Array };
  readonly logits?: Float32Array;
  /** One head's Q, K, V [n, hd] as the model computed them (before the row temperature). */
  captureQKV(layer: number, head: number): Promise<{ q: Tensor; k: Tensor; v: Tensor }>;
  /** A layer's fused Q|K|V [n, 3D] (biases added, no row temperature) and, with captureX, its input X [n, D]. */
  layerInputs(layer: number): Promise<{ qkv: Float32Array; x: Float32Array | null }>;
  /** One head's causal attention map [n, n] as used in the forward pass. */
  attention(layer: number, head: number): Promise<Float32Array>;
  /** Frees the captured QKV buffers. */
  dispose(): void;
}

export { positionTemperature } from './model';

export function checkTokens(model: Model, tokens: ArrayLike<number>): void {
  const { nCtx, vocab } = model.config;
  if (tokens.length < 1 || tokens.length > nCtx) {
    throw new LabError('bad-input', `forward: ${tokens.length} tokens; the model takes 1…${nCtx}`);
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as number;
    if (!Number.isInteger(t) || t < 0 || t >= vocab) throw new LabError('bad-input', `forward: token ${t} at ${i} is outside 0…${vocab - 1}`);
  }
}

export async function forward(k: ModelKernels, gm: GpuModel, tokens: ArrayLike<number>, opts: ForwardOptions = {}): Promise<ForwardResult> {
  const { model } = gm;
  checkTokens(model, tokens);
  const device = k.device;
  const { nEmbd: d, nHead: heads, vocab, lnEps } = model.config;
  const hd = d / heads;
  const n = tokens.length;
  const capture = new GpuArena(device);
  const qkvs: GPUBuffer[] = [];
  const xs: GPUBuffer[] = [];
  const rowScales: (GPUBuffer | undefined)[] = [];
  let x = capture.upload('forward.tokens', Float32Array.from(tokens));
  {
    const arena = new GpuArena(device);
    const enc = device.createCommandEncoder({ label: 'forward.embed' });
    const e = k.embed.encode(device, arena, enc, x, gm.wte, gm.wpe, n, d, vocab);
    x = target(capture, 'forward.x0', n * d);
    enc.copyBufferToBuffer(e, 0, x, 0, n * d * 4);
    device.queue.submit([enc.finish()]);
    arena.destroy();
  }
  try {
    for (let l = 0; l < model.layers.length; l++) {
      const w = gm.layers[l] as GpuLayer;
      const c = (model.layers[l] as Model['layers'][number]).posTemp;
      const m = c === null ? undefined : capture.upload(`forward.h${l}.rowScale`, positionTemperature(c, n));
      rowScales.push(m);
      const arena = new GpuArena(device);
      let enc = device.createCommandEncoder({ label: `forward.h${l}` });
      const h = k.layerNorm.encode(device, arena, enc, x, w.ln1g, w.ln1b, n, d, lnEps);
      const qkvRaw = k.matmul.encode(device, arena, enc, h, w.attnW, n, d, 3 * d);
      const qkvTmp = k.biasAct.encode(device, arena, enc, qkvRaw, w.attnB, n, 3 * d);
      const qkv = target(capture, `forward.h${l}.qkv`, n * 3 * d);
      enc.copyBufferToBuffer(qkvTmp, 0, qkv, 0, n * 3 * d * 4);
      qkvs.push(qkv);
      if (opts.captureX) {
        const xl = target(capture, `forward.h${l}.x`, n * d);
        enc.copyBufferToBuffer(h, 0, xl, 0, n * d * 4);
        xs.push(xl);
      }
      const y = arena.storage('forward.merged', n * d);
      if (opts.attend && (opts.attendLayer?.(l) ?? true)) {
        // The hook needs Q, K, V and X on the host: submit up to here, read back, then merge its maps.
        device.queue.submit([enc.finish()]);
        const [qkvHost, hHost] = (await readF32Many(device, [{ src: qkv, count: n * 3 * d }, { src: h, count: n * d }])) as [Float32Array, Float32Array];
        const maps = await opts.attend(l, qkvHost, hHost, arena);
        enc = device.createCommandEncoder({ label: `forward.h${l}.rest` });
        maps.forEach((pv, head) => k.headMerge.encode(device, arena, enc, k.attnOutput.encode(device, arena, enc, pv.p, pv.v, n, hd), y, n, d, hd, head));
      } else {
        layerAttention(k, arena, enc, qkv, y, n, d, heads, m);
      }
      const proj = k.matmul.encode(device, arena, enc, y, w.projW, n, d, d);
      const x1 = k.biasAct.encode(device, arena, enc, proj, w.projB, n, d, { residual: x });
      const h2 = k.layerNorm.encode(device, arena, enc, x1, w.ln2g, w.ln2b, n, d, lnEps);
      const fc = k.matmul.encode(device, arena, enc, h2, w.fcW, n, d, 4 * d);
      const g = k.biasAct.encode(device, arena, enc, fc, w.fcB, n, 4 * d, { gelu: true });
      const mp = k.matmul.encode(device, arena, enc, g, w.mlpProjW, n, 4 * d, d);
      const x2 = k.biasAct.encode(device, arena, enc, mp, w.mlpProjB, n, d, { residual: x1 });
      const next = target(capture, `forward.x${l + 1}`, n * d);
      enc.copyBufferToBuffer(x2, 0, next, 0, n * d * 4);
      device.queue.submit([enc.finish()]);
      arena.destroy();
      capture.free(x);
      x = next;
    }
    const arena = new GpuArena(device);
    try {
      const enc = device.createCommandEncoder({ label: 'forward.head' });
      const hf = k.layerNorm.encode(device, arena, enc, x, gm.lnfG, gm.lnfB, n, d, lnEps);
      const logits = k.matmul.encode(device, arena, enc, hf, gm.wteT, n, d, vocab);
      const targets = arena.upload('forward.targets', Float32Array.from({ length: n }, (_, i) => (i + 1 < n ? (tokens[i + 1] as number) : -1)));
      const stats = k.tokenLoss.encode(device, arena, enc, logits, targets, n, vocab);
      device.queue.submit([enc.finish()]);
      const s = await readF32(device, stats, n * TOKEN_LOSS_STRIDE);
      const full = opts.logits ? await readF32(device, logits, n * vocab) : undefined;
      return result(k, s, full, n, d, hd, { qkvs, xs, rowScales }, capture, opts.captureQKV ?? true);
    } finally {
      arena.destroy();
    }
  } catch (e) {
    capture.destroy();
    throw e;
  }
}

/** Bytes of one group's S (and of its P): WebGPU's default maxStorageBufferBindingSize (every head of GPT-2 small fits at N = 1024). */
const HEAD_GROUP_BYTES = 128 * 2 ** 20;

/**
 * The causal softmax attention of every head of a layer, written into y [n, D] at each head's
 * columns: three dispatches per group of heads (scores Q_h K_hᵀ, softmax, P_h V_h), each reading
 * the heads out of the fused Q|K|V rows by stride — no per-head copies.
 */
export function layerAttention(k: Pick<ModelKernels, 'device' | 'matmul' | 'softmaxRows'>, arena: GpuArena, enc: GPUCommandEncoder, qkv: GPUBuffer, y: GPUBuffer, n: number, d: number, heads: number, m?: GPUBuffer): void {
  const device = k.device;
  const hd = d / heads;
  const group = Math.max(1, Math.min(heads, Math.floor(HEAD_GROUP_BYTES / (4 * n * n))));
  for (let h0 = 0; h0 < heads; h0 += group) {
    const g = Math.min(group, heads - h0);
    const s = arena.storage('forward.S', g * n * n);
    k.matmul.encodeInto(device, arena, enc,
      { buffer: qkv, ld: 3 * d, off: h0 * hd, batch: hd }, { buffer: qkv, ld: 3 * d, off: d + h0 * hd, batch: hd }, { buffer: s, ld: n, batch: n * n },
      { m: n, k: hd, n, batches: g, transB: true, scale: 1 / Math.sqrt(hd), rowScale: m, causal: 'skip-upper' });
    const p = k.softmaxRows.encode(device, arena, enc, s, n, g);
    k.matmul.encodeInto(device, arena, enc,
      { buffer: p, ld: n, batch: n * n }, { buffer: qkv, ld: 3 * d, off: 2 * d + h0 * hd, batch: hd }, { buffer: y, ld: d, off: h0 * hd, batch: hd },
      { m: n, k: n, n: hd, batches: g, causal: 'lower-k' });
  }
}

function attentionMap(k: ModelKernels, arena: GpuArena, enc: GPUCommandEncoder, q: GPUBuffer, kk: GPUBuffer, n: number, hd: number, m?: GPUBuffer): GPUBuffer {
  const s = k.attnScores.encode(k.device, arena, enc, q, kk, n, hd, 1 / Math.sqrt(hd), m);
  return k.softmaxRows.encode(k.device, arena, enc, s, n);
}

function result(
  k: ModelKernels, s: Float32Array, logits: Float32Array | undefined, n: number, d: number, hd: number,
  kept: { qkvs: GPUBuffer[]; xs: GPUBuffer[]; rowScales: (GPUBuffer | undefined)[] }, capture: GpuArena, keep: boolean,
): ForwardResult {
  const { qkvs, xs, rowScales } = kept;
  const loss = new Float32Array(n);
  const ids = new Int32Array(n * TOKEN_LOSS_TOPK);
  const probs = new Float32Array(n * TOKEN_LOSS_TOPK);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const l = s[i * TOKEN_LOSS_STRIDE] as number;
    loss[i] = l < 0 ? NaN : l;
    if (l >= 0) sum += l;
    for (let t = 0; t < TOKEN_LOSS_TOPK; t++) {
      ids[i * TOKEN_LOSS_TOPK + t] = s[i * TOKEN_LOSS_STRIDE + 2 + t] as number;
      probs[i * TOKEN_LOSS_TOPK + t] = s[i * TOKEN_LOSS_STRIDE + 7 + t] as number;
    }
  }
  if (!keep) capture.destroy();
  const device = k.device;
  const layerOf = (layer: number, head: number): GPUBuffer => {
    const b = qkvs[layer];
    if (!keep || !b) throw new LabError('bad-input', `forward: no captured QKV for layer ${layer} (captureQKV off or disposed)`);
    if (!(head >= 0 && head < d / hd && Number.isInteger(head))) throw new LabError('bad-input', `forward: head ${head} out of range`);
    return b;
  };
  const run = async (build: (arena: GpuArena, enc: GPUCommandEncoder) => { out: GPUBuffer; count: number }[]) => {
    const arena = new GpuArena(device);
    try {
      const enc = device.createCommandEncoder({ label: 'forward.capture' });
      const outs = build(arena, enc);
      device.queue.submit([enc.finish()]);
      return readF32Many(device, outs.map((o) => ({ src: o.out, count: o.count })));
    } finally {
      arena.destroy();
    }
  };
  return {
    n,
    loss,
    meanLoss: n > 1 ? sum / (n - 1) : NaN,
    top: { ids, probs },
    logits,
    async captureQKV(layer, head) {
      const qkv = layerOf(layer, head);
      const parts = await run((arena, enc) =>
        ([0, 1, 2] as const).map((part) => ({ out: k.headSplit.encode(device, arena, enc, qkv, n, d, hd, part, head), count: n * hd })),
      );
      const t = (i: number): Tensor => ({ data: parts[i] as Float32Array, shape: [n, hd] });
      return { q: t(0), k: t(1), v: t(2) };
    },
    async layerInputs(layer) {
      const qkv = layerOf(layer, 0);
      const x = xs[layer];
      const [q, xr] = await readF32Many(device, [{ src: qkv, count: n * 3 * d }, ...(x ? [{ src: x, count: n * d }] : [])]);
      return { qkv: q as Float32Array, x: xr ?? null };
    },
    async attention(layer, head) {
      const qkv = layerOf(layer, head);
      const [p] = await run((arena, enc) => {
        const q = k.headSplit.encode(device, arena, enc, qkv, n, d, hd, 0, head);
        const kk = k.headSplit.encode(device, arena, enc, qkv, n, d, hd, 1, head);
        return [{ out: attentionMap(k, arena, enc, q, kk, n, hd, rowScales[layer]), count: n * n }];
      });
      return p as Float32Array;
    },
    dispose: () => capture.destroy(),
  };
}
