/**
 * Llama-family weights as they come from the hub: one `model.safetensors` or a sharded checkpoint
 * (`model.safetensors.index.json` + shards), tensors in f32, f16 or bf16, Hugging Face names:
 *
 *   model.embed_tokens.weight                         [vocab, D]
 *   model.layers.{i}.input_layernorm.weight           [D]
 *   model.layers.{i}.self_attn.q_proj.weight          [H·d, D]      (.bias [H·d] for Qwen2)
 *   model.layers.{i}.self_attn.k_proj.weight          [H_kv·d, D]   (.bias [H_kv·d] for Qwen2)
 *   model.layers.{i}.self_attn.v_proj.weight          [H_kv·d, D]   (.bias [H_kv·d] for Qwen2)
 *   model.layers.{i}.self_attn.o_proj.weight          [D, H·d]
 *   model.layers.{i}.post_attention_layernorm.weight  [D]
 *   model.layers.{i}.mlp.gate_proj.weight             [F, D]
 *   model.layers.{i}.mlp.up_proj.weight               [F, D]
 *   model.layers.{i}.mlp.down_proj.weight             [D, F]
 *   model.norm.weight                                 [D]
 *   lm_head.weight                                    [vocab, D]    (absent when tied)
 *
 * Linear weights are nn.Linear's [out, in]: y = x · Wᵀ + b. Nothing is widened at load: each
 * tensor stays in its file's dtype, as a view of the file's bytes where aligned (a 1 GB bf16
 * checkpoint costs 1 GB, not 3). weightF32 widens one tensor when a consumer needs it (the
 * float64 twin, an f32 GPU upload); weightF16 gives half-precision bits for GPU storage.
 */
import { LabError } from '../schema/errors';
import { HALF_OVERFLOW, HALF_ROUNDED, bf16ToF16Lut, bf16ToF32, f16ToF32, f32ToF16 } from './half';
import type { LlamaConfig } from './llamaConfig';
import { packHalf, type WeightStorage } from '../gpu/kernels/linear';
import { parseSafetensors, tensorRaw, type SafetensorsFile, type StDtype } from './safetensors';

/** One tensor in its file's dtype: f32 values, or f16/bf16 bit patterns. */
export interface Weight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: StDtype;
  readonly raw: Float32Array | Uint16Array;
}

export interface LlamaLayerWeights {
  /** RMSNorm γ before attention, [D]. */
  readonly inputNorm: Weight;
  /** [H·d, D], [H_kv·d, D], [H_kv·d, D]. */
  readonly q: Weight;
  readonly k: Weight;
  readonly v: Weight;
  /** [H·d], [H_kv·d], [H_kv·d] (Qwen2), else null. */
  readonly qBias: Weight | null;
  readonly kBias: Weight | null;
  readonly vBias: Weight | null;
  /** [D, H·d] */
  readonly o: Weight;
  /** RMSNorm γ before the MLP, [D]. */
  readonly postNorm: Weight;
  /** [F, D], [F, D], [D, F]. */
  readonly gate: Weight;
  readonly up: Weight;
  readonly down: Weight;
}

export interface LlamaModel {
  readonly config: LlamaConfig;
  /** The first file's `__metadata__` (the lab's own models carry the recipe there). */
  readonly metadata: Readonly<Record<string, string>>;
  /** [vocab, D] */
  readonly embed: Weight;
  readonly layers: readonly LlamaLayerWeights[];
  /** Final RMSNorm γ, [D]. */
  readonly norm: Weight;
  /** [vocab, D]; the same object as `embed` when the embeddings are tied. */
  readonly lmHead: Weight;
}

/** A single safetensors file, or an index with its shards by file name. */
export type LlamaWeightSource =
  | ArrayBuffer
  | Uint8Array
  | { readonly index: unknown; readonly shards: ReadonlyMap<string, ArrayBuffer | Uint8Array> };

const bad = (msg: string): LabError => new LabError('bad-input', `weights: ${msg}`);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Tensors that checkpoints may carry and the forward pass does not read (recomputed buffers). */
const IGNORED = /\.rotary_emb\.inv_freq$/;

/** name → the parsed file that holds it. */
function openSource(src: LlamaWeightSource): { where: Map<string, SafetensorsFile>; metadata: Readonly<Record<string, string>> } {
  if (src instanceof ArrayBuffer || src instanceof Uint8Array) {
    const file = parseSafetensors(src);
    return { where: new Map([...file.entries.keys()].map((k) => [k, file])), metadata: file.metadata };
  }
  let index = src.index;
  if (typeof index === 'string') {
    try {
      index = JSON.parse(index) as unknown;
    } catch (e) {
      throw bad(`model.safetensors.index.json is not valid JSON (${(e as Error).message})`);
    }
  }
  if (!isObject(index) || !isObject(index.weight_map)) throw bad('model.safetensors.index.json has no weight_map object');
  const parsed = new Map<string, SafetensorsFile>();
  const where = new Map<string, SafetensorsFile>();
  let tensorBytes = 0;
  for (const [name, shard] of Object.entries(index.weight_map)) {
    if (typeof shard !== 'string') throw bad(`weight_map["${name}"] is not a file name`);
    let file = parsed.get(shard);
    if (!file) {
      const bytes = src.shards.get(shard);
      if (bytes === undefined) throw bad(`shard "${shard}" (named by model.safetensors.index.json for "${name}") was not given`);
      file = parseSafetensors(bytes);
      parsed.set(shard, file);
    }
    const e = file.entries.get(name);
    if (!e) throw bad(`"${name}" is not in shard "${shard}", where model.safetensors.index.json says it is`);
    tensorBytes += e.end - e.begin;
    where.set(name, file);
  }
  const total = isObject(index.metadata) ? index.metadata.total_size : undefined;
  if (typeof total === 'number' && total !== tensorBytes) {
    throw bad(`model.safetensors.index.json says total_size ${total} but its tensors hold ${tensorBytes} bytes (a shard from another checkpoint?)`);
  }
  const first = parsed.values().next().value;
  return { where, metadata: first?.metadata ?? {} };
}

/**
 * Reads and checks a Llama-family checkpoint against its config: every tensor the config implies
 * is present with the right shape and finite values; none is left over (a tensor the lab would
 * not read means a model it would compute wrongly). Throws LabError('bad-input') naming the tensor.
 */
export function loadLlama(config: LlamaConfig, src: LlamaWeightSource): LlamaModel {
  const { where, metadata } = openSource(src);
  const { nLayer, nEmbd: D, nHead: H, nKvHead: Hkv, headDim: d, nFf: F, vocab } = config;
  const used = new Set<string>();
  const get = (name: string, shape: readonly number[]): Weight => {
    const file = where.get(name);
    if (!file) throw bad(`tensor "${name}" is missing (config.json implies it: ${config.nLayer} layers, ${config.modelType}${config.tiedEmbeddings ? ', tied embeddings' : ', untied lm_head'})`);
    const t = tensorRaw(file, name);
    if (t.shape.length !== shape.length || t.shape.some((v, i) => v !== shape[i])) {
      throw bad(`tensor "${name}" has shape [${t.shape.join(', ')}], config.json implies [${shape.join(', ')}]`);
    }
    checkFinite(name, t.dtype, t.raw);
    used.add(name);
    return { name, shape: t.shape, dtype: t.dtype, raw: t.raw };
  };
  const embed = get('model.embed_tokens.weight', [vocab, D]);
  const layers: LlamaLayerWeights[] = [];
  for (let i = 0; i < nLayer; i++) {
    const p = `model.layers.${i}.`;
    const a = `${p}self_attn.`;
    const bias = (n: string, rows: number) => (config.qkvBias ? get(`${a}${n}.bias`, [rows]) : null);
    layers.push({
      inputNorm: get(`${p}input_layernorm.weight`, [D]),
      q: get(`${a}q_proj.weight`, [H * d, D]),
      k: get(`${a}k_proj.weight`, [Hkv * d, D]),
      v: get(`${a}v_proj.weight`, [Hkv * d, D]),
      qBias: bias('q_proj', H * d),
      kBias: bias('k_proj', Hkv * d),
      vBias: bias('v_proj', Hkv * d),
      o: get(`${a}o_proj.weight`, [D, H * d]),
      postNorm: get(`${p}post_attention_layernorm.weight`, [D]),
      gate: get(`${p}mlp.gate_proj.weight`, [F, D]),
      up: get(`${p}mlp.up_proj.weight`, [F, D]),
      down: get(`${p}mlp.down_proj.weight`, [D, F]),
    });
  }
  const norm = get('model.norm.weight', [D]);
  let lmHead = embed;
  if (!config.tiedEmbeddings) lmHead = get('lm_head.weight', [vocab, D]);
  else if (where.has('lm_head.weight')) {
    // Some exports write the tied head out anyway; it must then be the embedding itself.
    const head = get('lm_head.weight', [vocab, D]);
    if (!sameValues(head, embed)) throw bad('tie_word_embeddings is true but lm_head.weight differs from model.embed_tokens.weight');
  }
  for (const name of where.keys()) {
    if (!used.has(name) && !IGNORED.test(name)) {
      throw bad(`tensor "${name}" is not part of a ${config.modelType} layout with ${nLayer} layers${config.qkvBias ? '' : ' and no biases'} (the lab would ignore it and compute a different model)`);
    }
  }
  return { config, metadata, embed, layers, norm, lmHead };
}

function sameValues(a: Weight, b: Weight): boolean {
  if (a.raw.length !== b.raw.length) return false;
  for (let i = 0; i < a.raw.length; i++) if (weightAt(a, i) !== weightAt(b, i)) return false;
  return true;
}

function checkFinite(name: string, dtype: StDtype, raw: Float32Array | Uint16Array): void {
  if (dtype === 'F32') {
    for (let i = 0; i < raw.length; i++) if (!Number.isFinite(raw[i])) throw bad(`tensor "${name}" holds a non-finite value at ${i}`);
    return;
  }
  const mask = dtype === 'F16' ? 0x7c00 : 0x7f80; // all-ones exponent: ±Inf or NaN
  for (let i = 0; i < raw.length; i++) if (((raw[i] as number) & mask) === mask) throw bad(`tensor "${name}" holds a non-finite value at ${i}`);
}

/** Element i of a weight as a number (exact for every dtype). */
export function weightAt(w: Weight, i: number): number {
  const x = w.raw[i] as number;
  return w.dtype === 'F32' ? x : w.dtype === 'F16' ? f16ToF32(x) : bf16ToF32(x);
}

/** A weight as f32 values: the stored array itself for f32, an exact widened copy for f16/bf16. */
export function weightF32(w: Weight): Float32Array {
  if (w.dtype === 'F32') return w.raw as Float32Array;
  const out = new Float32Array(w.raw.length);
  const raw = w.raw as Uint16Array;
  if (w.dtype === 'F16') for (let i = 0; i < raw.length; i++) out[i] = f16ToF32(raw[i] as number);
  else {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < raw.length; i++) bits[i] = (raw[i] as number) << 16; // bf16 is the top half of an f32
  }
  return out;
}

export interface HalfWeight {
  /** binary16 bit patterns, same element order as the weight. */
  readonly bits: Uint16Array;
  /** Elements that became ±Infinity (|x| > 65504 in an f32 or bf16 weight). */
  readonly overflow: number;
  /** Elements that changed value (0 for f16; f32 and bf16 below 2⁻¹⁴ or with low mantissa bits). */
  readonly rounded: number;
}

/**
 * A weight as binary16 bits for f16 GPU storage: f16 is the stored array itself; bf16 goes
 * through a 64 K-entry table (exact for normal halves); f32 is rounded to nearest even. The caller
 * decides what an overflow means (the GPU path keeps such a tensor in f32).
 */
export function weightF16(w: Weight): HalfWeight {
  if (w.dtype === 'F16') return { bits: w.raw as Uint16Array, overflow: 0, rounded: 0 };
  const out = new Uint16Array(w.raw.length);
  let rounded = 0;
  let overflow = 0;
  if (w.dtype === 'BF16') {
    const { bits, fate } = bf16ToF16Lut();
    const raw = w.raw as Uint16Array;
    for (let i = 0; i < out.length; i++) {
      const x = raw[i] as number;
      out[i] = bits[x] as number;
      const f = fate[x];
      if (f === HALF_ROUNDED) rounded++;
      else if (f === HALF_OVERFLOW) overflow++;
    }
  } else {
    const raw = w.raw as Float32Array;
    for (let i = 0; i < out.length; i++) {
      const x = raw[i] as number;
      const h = f32ToF16(x);
      out[i] = h;
      const back = f16ToF32(h);
      if (back !== x) {
        if (Number.isFinite(back)) rounded++;
        else overflow++;
      }
    }
  }
  return { bits: out, overflow, rounded };
}

/**
 * Row-wise concatenation of weights with the same inner size, in one dtype: [W_q; W_k; W_v] for one
 * fused Q|K|V projection, [W_gate; W_up] for one gate|up projection (linear.wgsl then writes the
 * fused layouts rope, gqaScores, gqaOutput and swiglu read by stride). Mixed dtypes are widened
 * to f32. Biases ([out]) concatenate the same way.
 */
export function concatRows(name: string, ws: readonly Weight[]): Weight {
  const inner = ws[0]?.shape.length === 2 ? (ws[0].shape[1] as number) : null;
  for (const w of ws) {
    const wInner = w.shape.length === 2 ? w.shape[1] : null;
    if (w.shape.length !== ws[0]?.shape.length || wInner !== inner) throw bad(`cannot stack "${w.name}" [${w.shape.join(', ')}] under "${ws[0]?.name}"`);
  }
  const same = ws.every((w) => w.dtype === ws[0]?.dtype);
  const dtype: StDtype = same ? (ws[0]?.dtype ?? 'F32') : 'F32';
  const parts = ws.map((w) => (same ? w.raw : weightF32(w)));
  const total = parts.reduce((t, p) => t + p.length, 0);
  const raw = dtype === 'F32' ? new Float32Array(total) : new Uint16Array(total);
  let at = 0;
  for (const p of parts) {
    raw.set(p as never, at);
    at += p.length;
  }
  const rows = ws.reduce((t, w) => t + (w.shape[0] as number), 0);
  return { name, shape: inner === null ? [rows] : [rows, inner], dtype, raw };
}

/** A weight's bytes for a GPU storage buffer, and how the shaders must read them (linear.wgsl). */
export interface GpuWeight {
  /** The bytes to upload, as a Float32Array view (f16 pairs packed two per element when storage is 'f16'). */
  readonly data: Float32Array;
  readonly storage: WeightStorage;
}

/**
 * A weight laid out for the GPU: packed binary16 when `preferF16` and every value fits (half the
 * memory and reads; linear.wgsl widens with unpack2x16float), else f32 (an f32 checkpoint keeps
 * its exact values; a bf16 tensor with |x| > 65504 would overflow in f16).
 */
export function weightForGpu(w: Weight, preferF16: boolean): GpuWeight {
  if (preferF16 && w.dtype !== 'F32') {
    const h = weightF16(w);
    if (h.overflow === 0) return { data: packHalf(h.bits), storage: 'f16' };
  }
  return { data: weightF32(w), storage: 'f32' };
}

/** Bytes the weights occupy as stored (what the tab holds for them). */
export function llamaWeightBytes(m: LlamaModel): number {
  const all = [m.embed, m.norm, ...m.layers.flatMap((l) => Object.values(l) as (Weight | null)[])];
  if (m.lmHead !== m.embed) all.push(m.lmHead);
  return all.reduce((s, w) => s + (w ? w.raw.byteLength : 0), 0);
}
