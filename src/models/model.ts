/**
 * GPT-2 weights from a safetensors file: the lab's shipped byte-level models (public/models/) and
 * Hugging Face's GPT-2 / distilgpt2 `model.safetensors` through the same path.
 *
 * Names follow GPT-2 (an optional `transformer.` prefix is dropped): wte, wpe,
 * h.{i}.ln_1.{weight,bias}, h.{i}.attn.c_attn.{weight,bias} (Conv1D: [D, 3D] = W_Q | W_K | W_V),
 * h.{i}.attn.c_proj, h.{i}.ln_2, h.{i}.mlp.c_fc, h.{i}.mlp.c_proj, ln_f. Conv1D weights are
 * [in, out], so y = x · W + b. One lab extension: h.{i}.attn.pos_temp [1], the learned c of the
 * selective position temperature m_i = 1 + c · ln(i + 1) (docs/methods.md "Selective temperature").
 *
 * The configuration comes from `__metadata__` where present and is checked against the shapes;
 * Hugging Face files carry no such block, so it is inferred from shapes with n_head from the
 * caller (GPT-2 small and distilgpt2: 12).
 */
import { LabError } from '../schema/errors';
import type { LlamaConfig } from './llamaConfig';
import type { LlamaModel } from './llamaWeights';
import { parseSafetensors, tensorF32, type SafetensorsFile } from './safetensors';

/** How text becomes ids: the lab's bytes, GPT-2's BPE, or a Hugging Face tokenizer.json ('hf'). */
export type TokenizerKind = 'byte' | 'gpt2-bpe' | 'hf';

export interface Gpt2Config {
  readonly architecture: 'gpt2';
  readonly nLayer: number;
  readonly nHead: number;
  readonly nEmbd: number;
  readonly nCtx: number;
  readonly vocab: number;
  readonly tokenizer: TokenizerKind;
  /** Token placed at position 0 of every window, or null (GPT-2 has none by default). */
  readonly bos: number | null;
  readonly lnEps: number;
}

/** f32 weights of one block, GPT-2 layout. */
export interface LayerWeights {
  readonly ln1g: Float32Array;
  readonly ln1b: Float32Array;
  /** [D, 3D] */
  readonly attnW: Float32Array;
  readonly attnB: Float32Array;
  /** [D, D] */
  readonly projW: Float32Array;
  readonly projB: Float32Array;
  readonly ln2g: Float32Array;
  readonly ln2b: Float32Array;
  /** [D, 4D] */
  readonly fcW: Float32Array;
  readonly fcB: Float32Array;
  /** [4D, D] */
  readonly mlpProjW: Float32Array;
  readonly mlpProjB: Float32Array;
  /** Selective position temperature c, or null when the model has none. */
  readonly posTemp: number | null;
}

export interface Gpt2Model {
  readonly config: Gpt2Config;
  /** The file's `__metadata__` as given (recipe, corpus, licence, …). */
  readonly metadata: Readonly<Record<string, string>>;
  /** [vocab, D]; the LM head is tied: logits = ln_f(x) · wteᵀ. */
  readonly wte: Float32Array;
  /** [nCtx, D] */
  readonly wpe: Float32Array;
  readonly layers: readonly LayerWeights[];
  readonly lnfG: Float32Array;
  readonly lnfB: Float32Array;
}

/** Every architecture's configuration, told apart by `architecture` ('gpt2' | 'llama'). */
export type LabModelConfig = Gpt2Config | LlamaConfig;
/** Every loaded model, told apart by `config.architecture`. */
export type LabModel = Gpt2Model | LlamaModel;
/** The GPT-2 path's names, kept while the engine runs GPT-2 only (it moves to LabModel). */
export type ModelConfig = Gpt2Config;
export type Model = Gpt2Model;

export const isLlama = (m: LabModel): m is LlamaModel => m.config.architecture === 'llama';

export interface LoadOptions {
  /** Heads per layer when the file's metadata does not say (Hugging Face files). */
  readonly nHead?: number;
  readonly tokenizer?: TokenizerKind;
}

/** Bounds that reject absurd headers before anything large is allocated. */
export const MODEL_LIMITS = { nLayer: 48, nHead: 64, nEmbd: 2048, nCtx: 8192, vocab: 65_536 } as const;

const bad = (msg: string): LabError => new LabError('bad-input', `model: ${msg}`);

function metaInt(meta: Readonly<Record<string, string>>, key: string): number | undefined {
  const v = meta[key];
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw bad(`metadata ${key} = "${v}" is not a non-negative integer`);
  return Number(v);
}

function within(name: keyof typeof MODEL_LIMITS, v: number): number {
  if (!Number.isSafeInteger(v) || v < 1 || v > MODEL_LIMITS[name]) throw bad(`${name} = ${v} is outside 1…${MODEL_LIMITS[name]}`);
  return v;
}

/** Parses, validates and widens a GPT-2 safetensors file into f32 weights. */
export function loadModel(bytes: ArrayBuffer | Uint8Array, opts: LoadOptions = {}): Gpt2Model {
  const file = parseSafetensors(bytes);
  const prefix = file.entries.has('transformer.wte.weight') ? 'transformer.' : '';
  const shapeOf = (name: string): readonly number[] => {
    const e = file.entries.get(prefix + name);
    if (!e) throw bad(`tensor "${name}" is missing`);
    return e.shape;
  };
  const meta = file.metadata;
  if (meta.architecture !== undefined && meta.architecture !== 'gpt2') throw bad(`architecture "${meta.architecture}" is not gpt2`);
  const wteShape = shapeOf('wte.weight');
  const wpeShape = shapeOf('wpe.weight');
  if (wteShape.length !== 2 || wpeShape.length !== 2) throw bad('wte and wpe must be 2-D');
  const vocab = within('vocab', wteShape[0] as number);
  const nEmbd = within('nEmbd', wteShape[1] as number);
  const nCtx = within('nCtx', wpeShape[0] as number);
  let nLayer = 0;
  while (file.entries.has(`${prefix}h.${nLayer}.ln_1.weight`)) nLayer++;
  within('nLayer', nLayer);
  const nHead = within('nHead', metaInt(meta, 'n_head') ?? opts.nHead ?? NaN);
  if (nEmbd % nHead) throw bad(`n_embd ${nEmbd} is not divisible by n_head ${nHead}`);
  const claims: [string, number][] = [['n_layer', nLayer], ['n_embd', nEmbd], ['n_ctx', nCtx], ['vocab', vocab]];
  for (const [key, actual] of claims) {
    const said = metaInt(meta, key);
    if (said !== undefined && said !== actual) throw bad(`metadata ${key} = ${said} but the tensors say ${actual}`);
  }
  const tokenizer = (meta.tokenizer ?? opts.tokenizer ?? 'gpt2-bpe') as TokenizerKind;
  if (tokenizer !== 'byte' && tokenizer !== 'gpt2-bpe') throw bad(`tokenizer "${tokenizer}" is not byte or gpt2-bpe`);
  const bos = metaInt(meta, 'bos') ?? null;
  if (bos !== null && bos >= vocab) throw bad(`bos ${bos} is outside the vocabulary of ${vocab}`);
  const lnEps = meta.layer_norm_epsilon === undefined ? 1e-5 : Number(meta.layer_norm_epsilon);
  if (!(lnEps > 0 && lnEps < 1)) throw bad(`layer_norm_epsilon "${meta.layer_norm_epsilon}" is not in (0, 1)`);
  const config: Gpt2Config = { architecture: 'gpt2', nLayer, nHead, nEmbd, nCtx, vocab, tokenizer, bos, lnEps };

  const d = nEmbd;
  const expect: [string, number[]][] = [['wte.weight', [vocab, d]], ['wpe.weight', [nCtx, d]], ['ln_f.weight', [d]], ['ln_f.bias', [d]]];
  for (let i = 0; i < nLayer; i++) {
    const p = `h.${i}.`;
    expect.push(
      [`${p}ln_1.weight`, [d]], [`${p}ln_1.bias`, [d]],
      [`${p}attn.c_attn.weight`, [d, 3 * d]], [`${p}attn.c_attn.bias`, [3 * d]],
      [`${p}attn.c_proj.weight`, [d, d]], [`${p}attn.c_proj.bias`, [d]],
      [`${p}ln_2.weight`, [d]], [`${p}ln_2.bias`, [d]],
      [`${p}mlp.c_fc.weight`, [d, 4 * d]], [`${p}mlp.c_fc.bias`, [4 * d]],
      [`${p}mlp.c_proj.weight`, [4 * d, d]], [`${p}mlp.c_proj.bias`, [d]],
    );
    if (file.entries.has(`${prefix}${p}attn.pos_temp`)) expect.push([`${p}attn.pos_temp`, [1]]);
  }
  for (const [name, shape] of expect) {
    const got = shapeOf(name);
    if (got.length !== shape.length || got.some((v, k) => v !== shape[k])) {
      throw bad(`tensor "${name}" has shape [${got.join(', ')}], expected [${shape.join(', ')}]`);
    }
  }
  const w = (name: string): Float32Array => checkFinite(name, tensorF32(file, prefix + name).data);
  const layers: LayerWeights[] = [];
  for (let i = 0; i < nLayer; i++) {
    const p = `h.${i}.`;
    layers.push({
      ln1g: w(`${p}ln_1.weight`), ln1b: w(`${p}ln_1.bias`),
      attnW: w(`${p}attn.c_attn.weight`), attnB: w(`${p}attn.c_attn.bias`),
      projW: w(`${p}attn.c_proj.weight`), projB: w(`${p}attn.c_proj.bias`),
      ln2g: w(`${p}ln_2.weight`), ln2b: w(`${p}ln_2.bias`),
      fcW: w(`${p}mlp.c_fc.weight`), fcB: w(`${p}mlp.c_fc.bias`),
      mlpProjW: w(`${p}mlp.c_proj.weight`), mlpProjB: w(`${p}mlp.c_proj.bias`),
      posTemp: hasTensor(file, `${prefix}${p}attn.pos_temp`) ? (w(`${p}attn.pos_temp`)[0] as number) : null,
    });
  }
  return { config, metadata: meta, wte: w('wte.weight'), wpe: w('wpe.weight'), layers, lnfG: w('ln_f.weight'), lnfB: w('ln_f.bias') };
}

const hasTensor = (file: SafetensorsFile, name: string): boolean => file.entries.has(name);

function checkFinite(name: string, a: Float32Array): Float32Array {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw bad(`tensor "${name}" holds a non-finite value at ${i}`);
  return a;
}

/** Row multiplier m_i = 1 + c · ln(i + 1) of the selective position temperature (docs/methods.md "Selective temperature"). */
export function positionTemperature(c: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 1 + c * Math.log(i + 1));
}

/** Byte-level tokens of a string (UTF-8 bytes), with the model's BOS in front when it has one. */
export function byteTokens(text: string, bos: number | null): Int32Array {
  const b = new TextEncoder().encode(text);
  const out = new Int32Array(b.length + (bos === null ? 0 : 1));
  let at = 0;
  if (bos !== null) out[at++] = bos;
  for (const x of b) out[at++] = x;
  return out;
}
