/**
 * Llama-family forward pass on the GPU (docs/methods.md, "Llama-family models"), the recipe of
 * src/gpu/kernels/llama.ts with the lab's own causal softmax between scores and output, in the
 * order src/models/llamaRef.ts (its float64 twin) follows:
 *
 *   embedRows → per layer [rmsNorm → linear [W_q; W_k; W_v] (+ Qwen2 biases) → rope on Q and K →
 *   gqaScores → causal softmax per query head → gqaOutput → linear o_proj + residual → rmsNorm →
 *   linear [W_gate; W_up] → swiglu → linear down_proj + residual] → rmsNorm → LM head → tokenLoss
 *
 * Weights stay in their checkpoint's storage (f16/bf16 bytes as they come, read as f32 in the
 * shader), so a bf16 model takes half the memory of f32. Each layer is submitted on its own and its
 * temporaries freed; with `capture`, each layer's fused post-rotary Q|K|V [n, (H + 2H_kv)·d] and
 * its normed input [n, D] are kept, so every query head's statistics run on Q and K as the model
 * attends with them.
 */
import { GpuArena, readF32 } from '../gpu/arena';
import { AttnOutput, HeadMerge, SoftmaxRows, TokenLoss } from '../gpu/kernels';
import { createLlamaKernels, type LlamaKernels, type WeightStorage } from '../gpu/kernels/llama';
import { TOKEN_LOSS_STRIDE, TOKEN_LOSS_TOPK } from '../gpu/kernels/tokenLoss';
import { ropeTables } from '../reference/rope';
import { checkLlamaTokens } from './llamaRef';
import { concatRows, weightF32, weightForGpu, type LlamaModel, type Weight } from './llamaWeights';
import { LabError } from '../schema/errors';

export interface LlamaRunKernels extends LlamaKernels {
  readonly softmaxRows: SoftmaxRows;
  readonly tokenLoss: TokenLoss;
  readonly attnOutput: AttnOutput;
  readonly headMerge: HeadMerge;
}

export async function createLlamaRunKernels(device: GPUDevice, shared?: { softmaxRows?: SoftmaxRows; attnOutput?: AttnOutput }): Promise<LlamaRunKernels> {
  const base = await createLlamaKernels(device);
  return {
    ...base,
    softmaxRows: shared?.softmaxRows ?? (await SoftmaxRows.create(device)),
    attnOutput: shared?.attnOutput ?? (await AttnOutput.create(device)),
    tokenLoss: await TokenLoss.create(device),
    headMerge: await HeadMerge.create(device),
  };
}

interface GpuW { readonly buf: GPUBuffer; readonly storage: WeightStorage }

interface GpuLlamaLayer {
  readonly inputNorm: GPUBuffer; readonly qkv: GpuW; readonly qkvBias: GPUBuffer | undefined;
  readonly o: GpuW; readonly postNorm: GPUBuffer; readonly gu: GpuW; readonly down: GpuW;
}

/** A Llama model's weights on one device. `destroy()` frees them. */
export interface GpuLlama {
  readonly model: LlamaModel;
  readonly embed: GpuW;
  readonly layers: readonly GpuLlamaLayer[];
  readonly norm: GPUBuffer;
  readonly head: GpuW;
  destroy(): void;
}

/** Uploads the weights; 16-bit checkpoints keep their bytes (f16 or bf16 storage). */
export function uploadLlama(device: GPUDevice, model: LlamaModel): GpuLlama {
  const arena = new GpuArena(device);
  const up = (w: Weight): GpuW => {
    const g = weightForGpu(w, true);
    return { buf: arena.upload(`llama.${w.name}`, g.data), storage: g.storage };
  };
  const vec = (w: Weight) => arena.upload(`llama.${w.name}`, weightF32(w));
  const embed = up(model.embed);
  return {
    model,
    embed,
    layers: model.layers.map((l, i) => ({
      inputNorm: vec(l.inputNorm),
      qkv: up(concatRows(`h${i}.qkv`, [l.q, l.k, l.v])),
      qkvBias: l.qBias && l.kBias && l.vBias ? vec(concatRows(`h${i}.qkvBias`, [l.qBias, l.kBias, l.vBias])) : undefined,
      o: up(l.o),
      postNorm: vec(l.postNorm),
      gu: up(concatRows(`h${i}.gu`, [l.gate, l.up])),
      down: up(l.down),
    })),
    norm: vec(model.norm),
    head: model.lmHead === model.embed ? embed : up(model.lmHead),
    destroy: () => arena.destroy(),
  };
}

/**
 * Replaces a layer's attention (a method inside the forward pass): given the layer's post-rotary
 * fused Q|K|V [n, W] and normed input X [n, D] on the host, each query head's map P [n, n] and
 * values V′ [n, d] as buffers in `arena`.
 */
export type LlamaAttendHook = (layer: number, qkv: Float32Array, x: Float32Array, arena: GpuArena) =>
  Promise<readonly { readonly p: GPUBuffer; readonly v: GPUBuffer }[]>;

export interface LlamaForwardOptions {
  /** Keep each layer's post-rotary Q|K|V and normed input for layerInputs / attention (default true). */
  readonly capture?: boolean;
  readonly attend?: LlamaAttendHook;
  /** …only in the layers this accepts (the others keep the model's own attention, no readback). */
  readonly attendLayer?: (layer: number) => boolean;
  /** Read back the logits [n, vocab] (default false). */
  readonly logits?: boolean;
}

export interface LlamaForwardResult {
  readonly n: number;
  readonly loss: Float32Array;
  readonly meanLoss: number;
  readonly top: { readonly ids: Int32Array; readonly probs: Float32Array };
  readonly logits?: Float32Array;
  /** A layer's post-rotary fused Q|K|V [n, (H + 2H_kv)·d] and its normed input X [n, D]. */
  layerInputs(layer: number): Promise<{ qkv: Float32Array; x: Float32Array }>;
  /** One query head's causal map [n, n] as the forward pass used it. */
  attention(layer: number, head: number): Promise<Float32Array>;
  dispose(): void;
}

function target(arena: GpuArena, label: string, count: number): GPUBuffer {
  return arena.buffer({ label, size: Math.max(16, count * 4), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
}

/** Causal softmax of every head's [n, n] block of S [H, n, n], with the lab's one-head kernel. */
function softmaxHeads(k: LlamaRunKernels, arena: GpuArena, enc: GPUCommandEncoder, s: GPUBuffer, heads: number, n: number, only?: number): GPUBuffer {
  const block = n * n * 4;
  const one = target(arena, 'llama.S1', n * n);
  const p = target(arena, 'llama.P', (only === undefined ? heads : 1) * n * n);
  for (let h = only ?? 0; h < (only === undefined ? heads : only + 1); h++) {
    enc.copyBufferToBuffer(s, h * block, one, 0, block);
    const ph = k.softmaxRows.encode(k.device, arena, enc, one, n);
    enc.copyBufferToBuffer(ph, 0, p, (only === undefined ? h : 0) * block, block);
  }
  return p;
}

export async function llamaForward(k: LlamaRunKernels, gm: GpuLlama, tokens: ArrayLike<number>, opts: LlamaForwardOptions = {}): Promise<LlamaForwardResult> {
  const c = gm.model.config;
  checkLlamaTokens(c, tokens);
  const { device } = k;
  const { nEmbd: D, nHead: H, nKvHead: Hkv, headDim: d, nFf: F, vocab, normEps: eps } = c;
  const n = tokens.length;
  const W = (H + 2 * Hkv) * d;
  const group = H / Hkv;
  const keep = opts.capture ?? true;
  const capture = new GpuArena(device);
  const qkvs: GPUBuffer[] = [];
  const xs: GPUBuffer[] = [];
  const { cos, sin } = ropeTables(n, d, c.rope);
  const cosB = capture.upload('llama.cos', Float32Array.from(cos));
  const sinB = capture.upload('llama.sin', Float32Array.from(sin));
  const scoreLayout = { n, d, heads: H, group, qStride: W, qOffset: 0, kStride: W, kOffset: H * d };
  try {
    let x = target(capture, 'llama.x0', n * D);
    {
      const arena = new GpuArena(device);
      const enc = device.createCommandEncoder({ label: 'llama.embed' });
      const e = k.embedRows.encode(device, arena, enc, arena.upload('llama.tokens', Float32Array.from(tokens)), gm.embed.buf, gm.embed.storage, n, D, vocab);
      enc.copyBufferToBuffer(e, 0, x, 0, n * D * 4);
      device.queue.submit([enc.finish()]);
      arena.destroy();
    }
    for (const [l, w] of gm.layers.entries()) {
      const arena = new GpuArena(device);
      let enc = device.createCommandEncoder({ label: `llama.h${l}` });
      const h = k.rmsNorm.encode(device, arena, enc, x, w.inputNorm, n, D, eps);
      const qkvTmp = k.linear.encode(device, arena, enc, h, w.qkv.buf, w.qkv.storage, n, D, W, { bias: w.qkvBias });
      k.rope.encode(device, arena, enc, qkvTmp, cosB, sinB, { n, stride: W, offset: 0, heads: H + Hkv, d });
      let qkv = qkvTmp;
      const hooked = opts.attend && (opts.attendLayer?.(l) ?? true);
      if (keep || hooked) {
        qkv = target(capture, `llama.h${l}.qkv`, n * W);
        enc.copyBufferToBuffer(qkvTmp, 0, qkv, 0, n * W * 4);
        qkvs.push(qkv);
        const xl = target(capture, `llama.h${l}.x`, n * D);
        enc.copyBufferToBuffer(h, 0, xl, 0, n * D * 4);
        xs.push(xl);
      }
      let o: GPUBuffer;
      if (opts.attend && hooked) {
        device.queue.submit([enc.finish()]);
        const maps = await opts.attend(l, await readF32(device, qkv, n * W), await readF32(device, h, n * D), arena);
        enc = device.createCommandEncoder({ label: `llama.h${l}.rest` });
        o = arena.storage('llama.O', n * H * d);
        maps.forEach((pv, head) => k.headMerge.encode(device, arena, enc, k.attnOutput.encode(device, arena, enc, pv.p, pv.v, n, d), o, n, H * d, d, head));
      } else {
        const s = k.gqaScores.encode(device, arena, enc, qkv, qkv, scoreLayout);
        const p = softmaxHeads(k, arena, enc, s, H, n);
        o = k.gqaOutput.encode(device, arena, enc, p, qkv, { n, d, heads: H, group, vStride: W, vOffset: (H + Hkv) * d });
      }
      const x1 = k.linear.encode(device, arena, enc, o, w.o.buf, w.o.storage, n, H * d, D, { residual: x });
      const h2 = k.rmsNorm.encode(device, arena, enc, x1, w.postNorm, n, D, eps);
      const gu = k.linear.encode(device, arena, enc, h2, w.gu.buf, w.gu.storage, n, D, 2 * F);
      const a = k.swiglu.encode(device, arena, enc, gu, gu, n, F, 2 * F, F);
      const x2 = k.linear.encode(device, arena, enc, a, w.down.buf, w.down.storage, n, F, D, { residual: x1 });
      const next = target(capture, `llama.x${l + 1}`, n * D);
      enc.copyBufferToBuffer(x2, 0, next, 0, n * D * 4);
      device.queue.submit([enc.finish()]);
      arena.destroy();
      capture.free(x);
      x = next;
    }
    const arena = new GpuArena(device);
    try {
      const enc = device.createCommandEncoder({ label: 'llama.head' });
      const hf = k.rmsNorm.encode(device, arena, enc, x, gm.norm, n, D, eps);
      const logits = k.linear.encode(device, arena, enc, hf, gm.head.buf, gm.head.storage, n, D, vocab);
      const targets = arena.upload('llama.targets', Float32Array.from({ length: n }, (_, i) => (i + 1 < n ? (tokens[i + 1] as number) : -1)));
      const stats = k.tokenLoss.encode(device, arena, enc, logits, targets, n, vocab);
      device.queue.submit([enc.finish()]);
      const st = await readF32(device, stats, n * TOKEN_LOSS_STRIDE);
      const full = opts.logits ? await readF32(device, logits, n * vocab) : undefined;
      if (!keep) capture.destroy();
      return result(k, gm, st, full, n, { qkvs, xs, keep, scoreLayout }, capture);
    } finally {
      arena.destroy();
    }
  } catch (e) {
    capture.destroy();
    throw e;
  }
}

function result(
  k: LlamaRunKernels, gm: GpuLlama, st: Float32Array, logits: Float32Array | undefined, n: number,
  kept: { qkvs: GPUBuffer[]; xs: GPUBuffer[]; keep: boolean; scoreLayout: Parameters<LlamaKernels['gqaScores']['encode']>[5] }, capture: GpuArena,
): LlamaForwardResult {
  const { nEmbd: D, nHead: H, nKvHead: Hkv, headDim: d } = gm.model.config;
  const W = (H + 2 * Hkv) * d;
  const loss = new Float32Array(n);
  const ids = new Int32Array(n * TOKEN_LOSS_TOPK);
  const probs = new Float32Array(n * TOKEN_LOSS_TOPK);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const l = st[i * TOKEN_LOSS_STRIDE] as number;
    loss[i] = l < 0 ? NaN : l;
    if (l >= 0) sum += l;
    for (let t = 0; t < TOKEN_LOSS_TOPK; t++) {
      ids[i * TOKEN_LOSS_TOPK + t] = st[i * TOKEN_LOSS_STRIDE + 2 + t] as number;
      probs[i * TOKEN_LOSS_TOPK + t] = st[i * TOKEN_LOSS_STRIDE + 7 + t] as number;
    }
  }
  const layerOf = (layer: number): GPUBuffer => {
    const b = kept.qkvs[layer];
    if (!kept.keep || !b) throw new LabError('bad-input', `forward: no captured Q|K|V for layer ${layer} (capture off or disposed)`);
    return b;
  };
  return {
    n, loss, meanLoss: n > 1 ? sum / (n - 1) : NaN, top: { ids, probs }, logits,
    async layerInputs(layer) {
      return { qkv: await readF32(k.device, layerOf(layer), n * W), x: await readF32(k.device, kept.xs[layer] as GPUBuffer, n * D) };
    },
    async attention(layer, head) {
      if (!(Number.isInteger(head) && head >= 0 && head < H)) throw new LabError('bad-input', `forward: head ${head} out of range`);
      const qkv = layerOf(layer);
      const arena = new GpuArena(k.device);
      try {
        const enc = k.device.createCommandEncoder({ label: 'llama.attention' });
        const s = k.gqaScores.encode(k.device, arena, enc, qkv, qkv, kept.scoreLayout);
        const p = softmaxHeads(k, arena, enc, s, H, n, head);
        k.device.queue.submit([enc.finish()]);
        return await readF32(k.device, p, n * n);
      } finally {
        arena.destroy();
      }
    },
    dispose: () => capture.destroy(),
  };
}
