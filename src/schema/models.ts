/**
 * The language models a model source can name. Shapes are known here so that links validate
 * (layer and head in range) before any weights are fetched; the worker checks the file agrees.
 *
 * Shipped models live in public/models/ (trained by training/, offline default); hub models are
 * downloaded in the user's browser on request, cached, or dropped in as a file; 'file' is a
 * GPT-2-style safetensors file the user dropped in (not in the link: the link says to drop it again).
 */
export const MODEL_IDS = ['kjv-baseline', 'kjv-sigma', 'kjv-seltemp', 'gpt2', 'distilgpt2', 'file'] as const;
export type ModelId = (typeof MODEL_IDS)[number];

export type ModelTokenizer = 'byte' | 'gpt2-bpe';

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
  file: {
    id: 'file', name: 'Your file (dropped in)', origin: 'file',
    blurb: 'A GPT-2-style model.safetensors from your disk (GPT-2 BPE vocabulary, 12 heads unless its metadata says).',
    url: null, curves: null, bytes: 0, layers: null, heads: null, headDim: null, ctx: null, tokenizer: 'gpt2-bpe', bos: null,
  },
};

export const SHIPPED_MODELS: readonly ModelId[] = ['kjv-baseline', 'kjv-sigma', 'kjv-seltemp'];

/** Longest text a link carries (characters); the model's context truncates tokens further. */
export const MAX_TEXT_CHARS = 4000;
