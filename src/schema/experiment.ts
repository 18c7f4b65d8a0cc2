import { DEFAULT_ANALYSIS, type Analysis, type EntropyUnit, type ScaleKind } from './analysis';
import { LIMITS } from './limits';
import { defaultMethod, type MethodSpec } from './methods';

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
  'sidebar', 'seed', 'n', 'h', 'd', 'sink', 'sharp', 'sinks', 'mask', 'display', 'panes', 'params', 'tour',
] as const;
export type HideableId = (typeof HIDEABLE)[number];

/** The single source of truth: everything needed to reproduce a result and its view. */
export interface Experiment {
  readonly version: typeof EXPERIMENT_VERSION;
  readonly source: SyntheticSource;
  readonly analysis: Analysis;
  /** The panes, left to right, each a method with its parameters; pane 0 is the reference. */
  readonly methods: readonly MethodSpec[];
  readonly view: ViewState;
}

export const DEFAULT_EXPERIMENT: Experiment = {
  version: EXPERIMENT_VERSION,
  source: {
    kind: 'synthetic',
    seed: 7,
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
