/**
 * A Llama-family architecture read from a Hugging Face `config.json`, not guessed from a name.
 *
 * Supported: model_type "llama" (Llama 2/3.x, TinyLlama, SmolLM/SmolLM2, the lab's own KJV Llama)
 * and "qwen2" (Qwen2, Qwen2.5). Both are the same decoder (docs/methods.md, "Llama-family
 * models"): pre-norm blocks, RMSNorm, rotary position embeddings in HF's rotate_half layout,
 * grouped-query attention, a SwiGLU MLP. They differ in two flags: Qwen2 has biases on q, k and v
 * (not o); Llama has none (its `attention_bias: true` would put one on o_proj too: refused).
 *
 * Anything the lab does not compute exactly is refused with a LabError naming the field: another
 * model_type (mistral, gemma, phi3, …), a sliding window in use, mixture-of-experts fields, an MLP
 * bias, an activation other than SiLU, partial rotary, and rope scaling kinds other than none,
 * "linear" and "llama3" (dynamic, yarn, longrope, … change the maths).
 */
import { LabError } from '../schema/errors';
import type { RopeConfig } from '../reference/rope';
import type { TokenizerKind } from './model';

export type { RopeConfig, RopeScaling } from '../reference/rope';

export interface LlamaConfig {
  readonly architecture: 'llama';
  /** The config's model_type; both run the same forward pass. */
  readonly modelType: 'llama' | 'qwen2';
  readonly nLayer: number;
  /** Query heads H per layer. */
  readonly nHead: number;
  /** Key/value heads H_kv (H_kv = H: multi-head; 1: multi-query; else grouped-query, H_kv | H). */
  readonly nKvHead: number;
  /** Residual width D (hidden_size). */
  readonly nEmbd: number;
  /** Per-head width d (head_dim, else D / H). */
  readonly headDim: number;
  /** SwiGLU inner width F (intermediate_size). */
  readonly nFf: number;
  readonly vocab: number;
  /** Longest position the model was configured for (max_position_embeddings), in tokens. */
  readonly nCtx: number;
  /** ε of every RMSNorm (rms_norm_eps). */
  readonly normEps: number;
  readonly rope: RopeConfig;
  /** Biases on q_proj, k_proj, v_proj (Qwen2); o_proj never has one. */
  readonly qkvBias: boolean;
  /** LM head = embed_tokens (no lm_head.weight) when true. */
  readonly tiedEmbeddings: boolean;
  /** bos_token_id / eos_token_id of config.json (the tokenizer decides whether BOS is added). */
  readonly bosId: number | null;
  readonly eosIds: readonly number[];
  /** How text becomes ids: 'hf' = tokenizer.json; 'byte' = the lab's byte models. */
  readonly tokenizer: TokenizerKind;
  /** Weights' dtype as the config states it (torch_dtype / dtype), or null. */
  readonly dtype: string | null;
}

/** Bounds that refuse absurd configs before any weight is read. */
export const LLAMA_LIMITS = {
  nLayer: 64, nHead: 128, nEmbd: 8192, headDim: 256, nFf: 32_768, vocab: 262_144, nCtx: 1_048_576,
} as const;

const bad = (msg: string): LabError => new LabError('bad-input', `config.json: ${msg}`);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function int(cfg: Record<string, unknown>, key: string, limit: number, fallback?: number): number {
  const v = cfg[key] ?? fallback;
  if (v === undefined) throw bad(`${key} is missing`);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1 || v > limit) {
    throw bad(`${key} = ${JSON.stringify(v)} is not an integer in 1…${limit}`);
  }
  return v;
}

function positive(cfg: Record<string, unknown>, key: string, fallback?: number): number {
  const v = cfg[key] ?? fallback;
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw bad(`${key} = ${JSON.stringify(v)} is not a positive number`);
  return v;
}

function tokenId(v: unknown, key: string, vocab: number): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v >= vocab) {
    throw bad(`${key} = ${JSON.stringify(v)} is not a token id below vocab_size ${vocab}`);
  }
  return v;
}

/** Fields whose presence (with a value that matters) means an architecture the lab does not run. */
const REFUSED_FIELDS: readonly [string, string][] = [
  ['num_local_experts', 'mixture-of-experts layers'],
  ['num_experts', 'mixture-of-experts layers'],
  ['num_experts_per_tok', 'mixture-of-experts routing'],
  ['n_routed_experts', 'mixture-of-experts layers'],
  ['moe_intermediate_size', 'mixture-of-experts layers'],
  ['attn_logit_softcapping', 'logit soft-capping'],
  ['final_logit_softcapping', 'logit soft-capping'],
  ['qk_layernorm', 'a norm on Q and K'],
  ['use_qk_norm', 'a norm on Q and K'],
  ['rope_interleaved', 'interleaved rotary pairs (the lab rotates HF\'s halves)'],
  ['use_mrope', 'multimodal rotary sections'],
];

const ACCEPTED_ARCHITECTURES: Record<string, readonly string[]> = {
  llama: ['LlamaForCausalLM'],
  qwen2: ['Qwen2ForCausalLM'],
};

/** The rope block: transformers ≤ 4.x has rope_theta + rope_scaling, 5.x rope_parameters. */
function parseRope(cfg: Record<string, unknown>): RopeConfig {
  const params = cfg.rope_parameters;
  let block: unknown = cfg.rope_scaling;
  let theta: unknown = cfg.rope_theta;
  if (isObject(params)) {
    block = params;
    theta = params.rope_theta ?? theta;
  }
  theta ??= 10_000;
  if (typeof theta !== 'number' || !(theta > 1) || !Number.isFinite(theta)) throw bad(`rope_theta = ${JSON.stringify(theta)} is not a number > 1`);
  if (block === undefined || block === null) return { theta, scaling: { kind: 'none' } };
  const field = isObject(params) ? 'rope_parameters' : 'rope_scaling';
  if (!isObject(block)) throw bad(`${field} = ${JSON.stringify(block)} is not an object or null`);
  const kind = block.rope_type ?? block.type ?? 'default';
  const num = (key: string, fallback?: number): number => {
    const v = block[key] ?? fallback;
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw bad(`${field}.${key} = ${JSON.stringify(v)} is not a positive number`);
    return v;
  };
  if (block.attention_factor !== undefined && block.attention_factor !== null && block.attention_factor !== 1) {
    throw bad(`${field}.attention_factor = ${JSON.stringify(block.attention_factor)} is not supported (only 1)`);
  }
  if (kind === 'default') return { theta, scaling: { kind: 'none' } };
  if (kind === 'linear') return { theta, scaling: { kind: 'linear', factor: num('factor') } };
  if (kind === 'llama3') {
    const scaling = {
      kind: 'llama3' as const,
      factor: num('factor'),
      lowFreqFactor: num('low_freq_factor'),
      highFreqFactor: num('high_freq_factor'),
      originalMaxPositions: num('original_max_position_embeddings'),
    };
    if (!(scaling.highFreqFactor > scaling.lowFreqFactor)) {
      throw bad(`${field}: high_freq_factor ${scaling.highFreqFactor} must exceed low_freq_factor ${scaling.lowFreqFactor}`);
    }
    return { theta, scaling };
  }
  throw bad(`${field}.rope_type = ${JSON.stringify(kind)} is not supported (the lab computes "default", "linear" and "llama3"; dynamic, yarn, longrope and others change the maths)`);
}

/**
 * Parses and checks a config.json (the object or its text). `tokenizer` says how text becomes
 * ids: 'hf' (a tokenizer.json beside it, the default) or the lab's 'byte' for its own models.
 * Throws LabError('bad-input') naming the first field that is missing, out of range or not supported.
 */
export function parseLlamaConfig(json: unknown, tokenizer: TokenizerKind = 'hf'): LlamaConfig {
  let cfg = json;
  if (typeof cfg === 'string') {
    try {
      cfg = JSON.parse(cfg) as unknown;
    } catch (e) {
      throw bad(`is not valid JSON (${(e as Error).message})`);
    }
  }
  if (!isObject(cfg)) throw bad('is not a JSON object');
  const modelType = cfg.model_type;
  if (modelType !== 'llama' && modelType !== 'qwen2') {
    throw bad(`model_type ${JSON.stringify(modelType)} is not supported (the lab runs "llama" and "qwen2" layouts: Llama, TinyLlama, SmolLM2, Qwen2, Qwen2.5)`);
  }
  const archs = cfg.architectures;
  if (archs !== undefined) {
    if (!Array.isArray(archs) || archs.length !== 1 || !ACCEPTED_ARCHITECTURES[modelType]?.includes(archs[0] as string)) {
      throw bad(`architectures ${JSON.stringify(archs)} is not supported for model_type "${modelType}" (expected ["${ACCEPTED_ARCHITECTURES[modelType]?.[0]}"])`);
    }
  }
  for (const [key, what] of REFUSED_FIELDS) {
    const v = cfg[key];
    if (v !== undefined && v !== null && v !== false && v !== 0) throw bad(`${key} = ${JSON.stringify(v)} is not supported (${what})`);
  }
  const act = cfg.hidden_act ?? cfg.hidden_activation ?? 'silu';
  if (act !== 'silu') throw bad(`hidden_act = ${JSON.stringify(act)} is not supported (SwiGLU needs "silu")`);
  if (cfg.mlp_bias === true) throw bad('mlp_bias = true is not supported (biases on gate/up/down_proj)');
  if (modelType === 'llama' && cfg.attention_bias === true) {
    throw bad('attention_bias = true is not supported (it adds a bias to o_proj as well as q, k, v)');
  }
  const partial = cfg.partial_rotary_factor;
  if (partial !== undefined && partial !== null && partial !== 1) throw bad(`partial_rotary_factor = ${JSON.stringify(partial)} is not supported (only 1: rotary on the whole head)`);
  const window = cfg.sliding_window;
  const windowOn = modelType === 'qwen2' ? cfg.use_sliding_window === true : window !== undefined && window !== null;
  if (windowOn) throw bad(`sliding_window = ${JSON.stringify(window)} is not supported (the lab computes full causal attention)`);

  const nEmbd = int(cfg, 'hidden_size', LLAMA_LIMITS.nEmbd);
  const nHead = int(cfg, 'num_attention_heads', LLAMA_LIMITS.nHead);
  const nKvHead = int(cfg, 'num_key_value_heads', nHead, nHead);
  if (nHead % nKvHead) throw bad(`num_attention_heads ${nHead} is not a multiple of num_key_value_heads ${nKvHead}`);
  const given = cfg.head_dim;
  if (given === undefined || given === null) {
    if (nEmbd % nHead) throw bad(`hidden_size ${nEmbd} is not divisible by num_attention_heads ${nHead} (and head_dim is not given)`);
  }
  const headDim = given === undefined || given === null ? nEmbd / nHead : int(cfg, 'head_dim', LLAMA_LIMITS.headDim);
  if (headDim > LLAMA_LIMITS.headDim || headDim % 2) throw bad(`head_dim ${headDim} must be even and at most ${LLAMA_LIMITS.headDim}`);
  const vocab = int(cfg, 'vocab_size', LLAMA_LIMITS.vocab);
  const eosRaw = cfg.eos_token_id;
  const eosList = Array.isArray(eosRaw) ? eosRaw : [eosRaw];
  const eosIds = eosList.map((v) => tokenId(v, 'eos_token_id', vocab)).filter((v): v is number => v !== null);
  const dtype = cfg.torch_dtype ?? cfg.dtype ?? null;
  return {
    architecture: 'llama',
    modelType,
    nLayer: int(cfg, 'num_hidden_layers', LLAMA_LIMITS.nLayer),
    nHead,
    nKvHead,
    nEmbd,
    headDim,
    nFf: int(cfg, 'intermediate_size', LLAMA_LIMITS.nFf),
    vocab,
    nCtx: int(cfg, 'max_position_embeddings', LLAMA_LIMITS.nCtx, 2048),
    normEps: positive(cfg, 'rms_norm_eps', 1e-6),
    rope: parseRope(cfg),
    qkvBias: modelType === 'qwen2',
    // LlamaConfig and Qwen2Config both default to untied (transformers' defaults).
    tiedEmbeddings: cfg.tie_word_embeddings === true,
    bosId: tokenId(cfg.bos_token_id, 'bos_token_id', vocab),
    eosIds,
    tokenizer,
    dtype: typeof dtype === 'string' ? dtype : null,
  };
}

/** Query heads that read K/V head g: ⌊h / (H / H_kv)⌋ = g (HF's repeat_kv order). */
export function kvHeadOf(config: Pick<LlamaConfig, 'nHead' | 'nKvHead'>, head: number): number {
  return Math.floor(head / (config.nHead / config.nKvHead));
}
