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
 * float64 twin, an f32 GPU upload); weightF16 gives half-precision bits for GPU storage
 * (weightData.ts).
 */
import { LabError } from '../schema/errors';
import type { LlamaConfig } from './llamaConfig';
import { parseSafetensors, tensorRaw, type SafetensorsFile, type StDtype } from './safetensors';
import { weightAt, type Weight } from './weightData';

export type { Weight } from './weightData';
export { concatRows, weightAt, weightF16, weightF32, weightForGpu } from './weightData';
export type { GpuWeight, HalfWeight } from './weightData';

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

/** Bytes the weights occupy as stored (what the tab holds for them). */
export function llamaWeightBytes(m: LlamaModel): number {
  const all = [m.embed, m.norm, ...m.layers.flatMap((l) => Object.values(l) as (Weight | null)[])];
  if (m.lmHead !== m.embed) all.push(m.lmHead);
  return all.reduce((s, w) => s + (w ? w.raw.byteLength : 0), 0);
}
