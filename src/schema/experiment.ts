import { DEFAULT_ANALYSIS, type Analysis, type EntropyUnit, type ScaleKind } from './analysis';
import { LIMITS } from './limits';
import { defaultMethod, type MethodId, type MethodSpec } from './methods';
import { MODELS, type ModelId } from './models';

/** Version of the Experiment schema; bump it and add a migration in src/url when it changes. */
export const EXPERIMENT_VERSION = 1;

/**
 * A synthetic source: seeded token features X and per-head projections W_Q, W_K, W_V, so that
 * weight-level methods (σReparam) have weights to act on; optionally with a planted sink, a key
 * position that most queries favour (see src/engine/synthetic.ts).
 */
export interface SyntheticSource {
  readonly kind: 'synthetic';
  /** PRNG seed (uint32). Same seed, same tensors, on every machine. */
  readonly seed: number;
  /** Sequence length N (tokens). */
  readonly seqLen: number;
  /** Number of heads H (one layer). */
  readonly heads: number;
  /** Head dimension d; logits are scaled by 1/√d. */
  readonly headDim: number;
  /** Key position of the planted sink, or null for none. Must be < seqLen. */
  readonly sinkPos: number | null;
  /** Mean extra logit (nats) the sink key gets from every query. */
  readonly sinkStrength: number;
  /** Logit scale of the random part; heads spread around it so their entropies differ. */
  readonly sharpness: number;
  /** Width D of the token features X [N, D] that W_Q, W_K, W_V [D, d] project. */
  readonly modelDim: number;
  /** Multiplies W_Q and W_K (so logits by its square): large values collapse entropy. */
  readonly weightScale: number;
}

/**
 * A language model run on a text: Q, K, V of every layer and head come from its forward pass,
 * and every method can also be applied inside the forward pass to measure its effect on the loss.
 */
export interface ModelSource {
  readonly kind: 'model';
  readonly model: ModelId;
  /** The input, tokenized by the model's tokenizer (≤ MAX_TEXT_CHARS; tokens beyond the context are cut). */
  readonly text: string;
}

/**
 * Your own tensors: Q and K (optionally V) of every layer and head, or the
 * attention maps themselves, read from dropped `.npy` / `.safetensors` files. The link carries
 * only this description; the data stays in the worker, so a cold link asks for the file again.
 */
export interface ImportSource {
  readonly kind: 'import';
  /** File name (several files: their names joined with '+'), ≤ MAX_IMPORT_NAME characters. */
  readonly name: string;
  readonly layers: number;
  readonly heads: number;
  readonly seqLen: number;
  /** Width d of Q and K (or of V in a maps-only import; 0 for maps with no V). */
  readonly headDim: number;
  /** Whether V was imported; without it output-change statistics are NaN ('—'), not made up. */
  readonly hasV: boolean;
  /** Whether the run is on imported attention maps (no Q/K): only post-softmax methods apply. */
  readonly maps: boolean;
}

export type Source = SyntheticSource | ModelSource | ImportSource;

/** Longest import name a link carries. */
export const MAX_IMPORT_NAME = 200;

/** Bounds on an import's shape (the parser and the validator share them). */
export const IMPORT_BOUNDS = {
  layers: { min: 1, max: 48 },
  heads: { min: 1, max: 64 },
  seqLen: { min: 1, max: 2048 },
  headDim: { min: 0, max: 256 },
} as const;

/**
 * Why a method cannot run on an import, or null when it can: σReparam needs weights and the
 * layer input (Q and K alone have none); on maps alone only post-softmax methods (the plain map
 * and ACT) apply, since temperature and the other normalisers act on logits that a map no longer has.
 */
export function importRefusal(src: ImportSource, id: MethodId): string | null {
  if (src.maps && id !== 'softmax' && id !== 'act') {
    return `${id} acts on the logits QKᵀ/√d, and imported attention maps have no logits: only the plain map and ACT (a post-softmax edit) apply to maps. Import Q and K to use ${id}.`;
  }
  if (id === 'sigma') {
    return 'σReparam rescales the weights W_Q and W_K and needs the layer input X; imported Q and K come without them, so σReparam cannot run on imported tensors.';
  }
  return null;
}

/** Layers, heads and head dimension of a source; null where only the model file can say (a dropped file). */
export interface SourceShape {
  readonly layers: number | null;
  readonly heads: number | null;
  readonly headDim: number | null;
}

export function sourceShape(src: Source): SourceShape {
  if (src.kind === 'synthetic') return { layers: 1, heads: src.heads, headDim: src.headDim };
  if (src.kind === 'import') return { layers: src.layers, heads: src.heads, headDim: src.headDim };
  const m = MODELS[src.model];
  return { layers: m.layers, heads: m.heads, headDim: m.headDim };
}

/**
 * Sequence length N of a source when it is known without a tokenizer run: synthetic N, or a byte
 * model's UTF-8 length plus its BOS, cut at the context; null for BPE models (the worker says).
 */
export function knownSeqLen(src: Source): number | null {
  if (src.kind === 'synthetic' || src.kind === 'import') return src.seqLen;
  const m = MODELS[src.model];
  if (m.tokenizer !== 'byte' || m.ctx === null) return null;
  return Math.min(m.ctx, new TextEncoder().encode(src.text).length + (m.bos === null ? 0 : 1));
}

export const DEFAULT_MODEL_TEXT = 'In the beginning God created the heaven and the earth. And the earth was without form, and void; and darkness was upon the face of the deep.';

/** What the user looks at. Part of the link so a shared view opens on the same head. */
export interface ViewState {
  /** Selected layer (0 for the single-layer synthetic source). */
  readonly layer: number;
  /** Selected head, < heads. */
  readonly head: number;
  /** Pane whose statistics the side panels and the head grid describe, < methods.length. */
  readonly pane: number;
  /** Colour scale of the maps: linear, log (decades below the max) or gamma. */
  readonly scale: ScaleKind;
  /** Exponent for the gamma scale (< 1 lifts small probabilities). */
  readonly gamma: number;
  /** How a map larger than the canvas is reduced to tiles on the GPU. */
  readonly reduce: 'max' | 'mean';
  /** Entropy units on screen (all computation is in nats). */
  readonly units: EntropyUnit;
  /** Difference pane: pane a minus pane b (indices into methods), or null for none. */
  readonly diff: readonly [number, number] | null;
  /** Controls a teacher hid through the link (ids from HIDEABLE), so a class sees only what matters. */
  readonly hidden: readonly HideableId[];
  /** Presentation mode: large type, no chrome, for a projector. */
  readonly present: boolean;
  /** The part of the selected head's map on screen, for every pane alike; null = all of it. */
  readonly zoom: Zoom | null;
}

/** Queries [q0, q1) × keys [k0, k1), token positions; at least one visible (k0 < q1). */
export interface Zoom {
  readonly q0: number;
  readonly q1: number;
  readonly k0: number;
  readonly k1: number;
}

/** Controls that a lesson link can hide, by id; 'sidebar' hides every control at once. */
export const HIDEABLE = [
  'sidebar', 'seed', 'n', 'h', 'd', 'sink', 'sharp', 'sinks', 'mask', 'display', 'panes', 'params', 'tour', 'model', 'text',
] as const;
export type HideableId = (typeof HIDEABLE)[number];

/** The single source of truth: everything needed to reproduce a result and its view. */
export interface Experiment {
  readonly version: typeof EXPERIMENT_VERSION;
  readonly source: Source;
  readonly analysis: Analysis;
  /** The panes, left to right, each a method with its parameters; pane 0 is the reference. */
  readonly methods: readonly MethodSpec[];
  readonly view: ViewState;
}

/** An Experiment known to have a synthetic source. */
export type SyntheticExperiment = Experiment & { readonly source: SyntheticSource };

/** The experiment as a synthetic one, or an error naming what it is instead (tests and tools). */
export function asSynthetic(exp: Experiment): SyntheticExperiment {
  if (exp.source.kind !== 'synthetic') throw new Error(`expected a synthetic source, got a ${exp.source.kind} source`);
  return exp as SyntheticExperiment;
}

export const DEFAULT_EXPERIMENT: SyntheticExperiment = {
  version: EXPERIMENT_VERSION,
  source: {
    kind: 'synthetic',
    // Seed 12: the selected head 0 has hidden sinks (keys 3 and 6) besides token 0, so the first
    // screen's ACT pane calibrates something and the difference pane shows it.
    seed: 12,
    seqLen: 48,
    heads: 6,
    headDim: 16,
    sinkPos: 0,
    sinkStrength: 3,
    sharpness: 1,
    modelDim: 32,
    weightScale: 1,
  },
  analysis: DEFAULT_ANALYSIS,
  methods: [defaultMethod('softmax'), defaultMethod('act')],
  view: { layer: 0, head: 0, pane: 0, scale: 'linear', gamma: 0.5, reduce: 'max', units: 'nats', diff: [1, 0], hidden: [], present: false, zoom: null },
};

/** Integer knobs and their bounds, used by validators and the form. */
export const SOURCE_BOUNDS = {
  seed: LIMITS.seed,
  seqLen: LIMITS.seqLen,
  heads: LIMITS.heads,
  headDim: LIMITS.headDim,
} as const;
