/**
 * The language models a model source can name. Shapes are known here so that links validate
 * (layer and head in range) before any weights are fetched; the worker checks the file agrees.
 *
 * Shipped models live in public/models/ (trained by training/, offline default); hub models are
 * downloaded in the user's browser on request, cached, or dropped in as a file; 'file' is a
 * GPT-2-style safetensors file the user dropped in (not in the link: the link says to drop it again).
 */
export const MODEL_IDS = ['kjv-baseline', 'kjv-sigma', 'kjv-seltemp', 'kjv-llama', 'gpt2', 'distilgpt2', 'smollm2-135m', 'qwen2.5-0.5b', 'file'] as const;
export type ModelId = (typeof MODEL_IDS)[number];

/** How a model's text becomes ids: bytes, GPT-2's BPE, or the model's own tokenizer.json ('hf'). */
export type ModelTokenizer = 'byte' | 'gpt2-bpe' | 'hf';

export interface ModelInfo {
  readonly id: ModelId;
  /** Short name for menus and tables. */
  readonly name: string;
  /** One sentence on what it is and why it is here. */
  readonly blurb: string;
  /** Where its safetensors come from: shipped (same origin), hub (huggingface.co, on request), or a dropped file. */
  readonly origin: 'shipped' | 'hub' | 'file';
  /** Path under the app's base URL (shipped) or absolute URL (hub); null for a dropped file. */
  readonly url: string | null;
  /** Training curves (loss and per-layer entropy over steps), shipped models only. */
  readonly curves: string | null;
  /** Download size in bytes (approximate for hub models), for the progress bar and the prompt. */
  readonly bytes: number;
  /** Shapes; null for a dropped file (known once it is read). */
  readonly layers: number | null;
  readonly heads: number | null;
  readonly headDim: number | null;
  /** Longest input in tokens. */
  readonly ctx: number | null;
  readonly tokenizer: ModelTokenizer;
  /** Token put at position 0 of every input, or null. */
  readonly bos: number | null;
}

const KJV = {
  origin: 'shipped', layers: 6, heads: 16, headDim: 16, ctx: 256, tokenizer: 'byte', bos: 256, bytes: 9_748_160,
} as const;
const HF = 'https://huggingface.co';

export const MODELS: Readonly<Record<ModelId, ModelInfo>> = {
  'kjv-baseline': {
    ...KJV, id: 'kjv-baseline', name: 'KJV bytes · baseline',
    blurb: 'A 6-layer byte-level GPT trained here on the King James Bible (public domain), with a BOS token: some heads become first-token sinks.',
    url: 'models/kjv-byte-baseline.safetensors', curves: 'models/kjv-byte-baseline.curves.json',
  },
  'kjv-sigma': {
    ...KJV, id: 'kjv-sigma', name: 'KJV bytes · σReparam',
    blurb: 'The same model, data and steps, trained with σReparam on every linear layer: attention entropy stays higher.',
    url: 'models/kjv-byte-sigma.safetensors', curves: 'models/kjv-byte-sigma.curves.json',
  },
  'kjv-seltemp': {
    ...KJV, id: 'kjv-seltemp', name: 'KJV bytes · selective temperature',
    blurb: 'The same model, data and steps, trained with a learned position temperature m_i = 1 + c·ln(i+1) per layer.',
    url: 'models/kjv-byte-seltemp.safetensors', curves: 'models/kjv-byte-seltemp.curves.json',
  },
  gpt2: {
    id: 'gpt2', name: 'GPT-2 small (hub)', origin: 'hub',
    blurb: 'OpenAI GPT-2 small, 124M parameters, downloaded from Hugging Face on request (about 550 MB, cached).',
    url: `${HF}/openai-community/gpt2/resolve/main/model.safetensors`, curves: null, bytes: 548_105_171,
    layers: 12, heads: 12, headDim: 64, ctx: 1024, tokenizer: 'gpt2-bpe', bos: null,
  },
  distilgpt2: {
    id: 'distilgpt2', name: 'distilgpt2 (hub)', origin: 'hub',
    blurb: 'DistilGPT-2, 82M parameters, downloaded from Hugging Face on request (about 350 MB, cached).',
    url: `${HF}/distilbert/distilgpt2/resolve/main/model.safetensors`, curves: null, bytes: 352_824_413,
    layers: 6, heads: 12, headDim: 64, ctx: 1024, tokenizer: 'gpt2-bpe', bos: null,
  },
  'kjv-llama': {
    id: 'kjv-llama', name: 'KJV bytes · Llama', origin: 'shipped',
    blurb: 'A 6-layer byte-level Llama trained here on the King James Bible: rotary positions, 8 query heads on 2 K/V heads (heads 0–3 share one, 4–7 the other), SwiGLU, RMSNorm, a BOS token.',
    url: 'models/kjv-llama.safetensors', curves: 'models/kjv-llama.curves.json', bytes: 8_600_000,
    layers: 6, heads: 8, headDim: 32, ctx: 256, tokenizer: 'byte', bos: 256,
  },
  'smollm2-135m': {
    id: 'smollm2-135m', name: 'SmolLM2-135M (hub)', origin: 'hub',
    blurb: 'Hugging Face SmolLM2, 135M parameters, a Llama layout with 9 query heads on 3 K/V heads; downloaded on request (about 270 MB, bf16, cached).',
    url: `${HF}/HuggingFaceTB/SmolLM2-135M/resolve/main/model.safetensors`, curves: null, bytes: 271_200_000,
    layers: 30, heads: 9, headDim: 64, ctx: 8192, tokenizer: 'hf', bos: null,
  },
  'qwen2.5-0.5b': {
    id: 'qwen2.5-0.5b', name: 'Qwen2.5-0.5B (hub)', origin: 'hub',
    blurb: 'Qwen2.5, 494M parameters, 14 query heads on 2 K/V heads with q/k/v biases; downloaded on request (about 1 GB, bf16, cached).',
    url: `${HF}/Qwen/Qwen2.5-0.5B/resolve/main/model.safetensors`, curves: null, bytes: 995_200_000,
    layers: 24, heads: 14, headDim: 64, ctx: 8192, tokenizer: 'hf', bos: null,
  },
  file: {
    id: 'file', name: 'Your file (dropped in)', origin: 'file',
    blurb: 'A GPT-2-style model.safetensors from your disk (GPT-2 BPE vocabulary, 12 heads unless its metadata says).',
    url: null, curves: null, bytes: 0, layers: null, heads: null, headDim: null, ctx: null, tokenizer: 'gpt2-bpe', bos: null,
  },
};

export const SHIPPED_MODELS: readonly ModelId[] = ['kjv-baseline', 'kjv-sigma', 'kjv-seltemp'];

/** Longest text a link carries (characters); the model's context truncates tokens further. */
export const MAX_TEXT_CHARS = 4000;

/**
 * Llama-family models (RMSNorm, rotary, grouped-query attention, SwiGLU), described by their
 * config.json: their files (several per model) for the download path (src/models/hubLlama.ts).
 * Each is also in MODEL_IDS / MODELS (a link names it; the engine runs it through llamaRun.ts).
 */
export const LLAMA_MODEL_IDS = ['kjv-llama', 'smollm2-135m', 'qwen2.5-0.5b'] as const;
export type LlamaModelId = (typeof LLAMA_MODEL_IDS)[number];
export const isLlamaId = (id: string): id is LlamaModelId => (LLAMA_MODEL_IDS as readonly string[]).includes(id);

/** Where a Llama-family model's files are: URLs (hub, absolute) or paths under the app's base (shipped). */
export interface LlamaFiles {
  readonly config: string;
  /** tokenizer.json and tokenizer_config.json; null for the lab's byte models. */
  readonly tokenizer: string | null;
  readonly tokenizerConfig: string | null;
  /** model.safetensors, or model.safetensors.index.json when `sharded` (shards sit beside it). */
  readonly weights: string;
  readonly sharded: boolean;
}

export interface LlamaModelInfo {
  readonly id: LlamaModelId;
  readonly name: string;
  readonly blurb: string;
  readonly origin: 'shipped' | 'hub';
  readonly files: LlamaFiles;
  readonly curves: string | null;
  /** Download size of all files in bytes (approximate for hub models). */
  readonly bytes: number;
  readonly layers: number;
  /** Query heads per layer (each is a head of the overview). */
  readonly heads: number;
  /** K/V heads per layer: query heads h·H/H_kv … share one. */
  readonly kvHeads: number;
  readonly headDim: number;
  /** The model's own context length in tokens (the lab's limits on n apply on top). */
  readonly ctx: number;
  readonly tokenizer: ModelTokenizer;
  /** Token put at position 0 of every input by the model's rules, or null. */
  readonly bos: number | null;
}

const hub = (repo: string, sharded = false): LlamaFiles => ({
  config: `${HF}/${repo}/resolve/main/config.json`,
  tokenizer: `${HF}/${repo}/resolve/main/tokenizer.json`,
  tokenizerConfig: `${HF}/${repo}/resolve/main/tokenizer_config.json`,
  weights: `${HF}/${repo}/resolve/main/${sharded ? 'model.safetensors.index.json' : 'model.safetensors'}`,
  sharded,
});

export const LLAMA_MODELS: Readonly<Record<LlamaModelId, LlamaModelInfo>> = {
  'kjv-llama': {
    id: 'kjv-llama', name: 'KJV bytes · Llama', origin: 'shipped',
    blurb: 'A 6-layer byte-level Llama trained here on the King James Bible: rotary positions, 8 query heads on 2 K/V heads, SwiGLU, RMSNorm, a BOS token.',
    files: { config: 'models/kjv-llama.config.json', tokenizer: null, tokenizerConfig: null, weights: 'models/kjv-llama.safetensors', sharded: false },
    curves: 'models/kjv-llama.curves.json', bytes: 8_600_000,
    layers: 6, heads: 8, kvHeads: 2, headDim: 32, ctx: 256, tokenizer: 'byte', bos: 256,
  },
  'smollm2-135m': {
    id: 'smollm2-135m', name: 'SmolLM2-135M (hub)', origin: 'hub',
    blurb: 'Hugging Face SmolLM2, 135M parameters, a Llama layout with 9 query heads on 3 K/V heads; downloaded on request (about 270 MB, bf16, cached).',
    files: hub('HuggingFaceTB/SmolLM2-135M'), curves: null, bytes: 271_200_000,
    layers: 30, heads: 9, kvHeads: 3, headDim: 64, ctx: 8192, tokenizer: 'hf', bos: null,
  },
  'qwen2.5-0.5b': {
    id: 'qwen2.5-0.5b', name: 'Qwen2.5-0.5B (hub)', origin: 'hub',
    blurb: 'Qwen2.5, 494M parameters, 14 query heads on 2 K/V heads with q/k/v biases; downloaded on request (about 1 GB, bf16, cached).',
    files: hub('Qwen/Qwen2.5-0.5B'), curves: null, bytes: 995_200_000,
    layers: 24, heads: 14, kvHeads: 2, headDim: 64, ctx: 32768, tokenizer: 'hf', bos: null,
  },
};
