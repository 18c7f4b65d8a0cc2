/**
 * What to measure on each head besides entropy: sink detectors (docs/methods.md "Received attention and sinks") and a sparsity
 * mask (§5.1, §6.3–6.5). Part of the Experiment, so a link reproduces the same statistics.
 */

/** Sink detectors on received attention α_j. */
export interface SinkSettings {
  /** ACT's absolute threshold τ on α_j (code default 0.10). */
  readonly tau: number;
  /** Gu et al.'s ε for Sink^ε (0.3 in their evaluation). */
  readonly eps: number;
  /** [lab] relative rule: α_j > κ·ū_j, ū_j = α_j under uniform causal attention. */
  readonly kappa: number;
  /** [lab] minimum support: only keys seen by ≥ m queries (c_j = N − j ≥ m) count as relative sinks. */
  readonly minSupport: number;
}

export const MASK_KINDS = ['none', 'topk', 'mass', 'window', 'block'] as const;
export type MaskKind = (typeof MASK_KINDS)[number];

/** A sparsity mask applied post hoc to the dense map, to show what it keeps. */
export interface MaskSettings {
  readonly kind: MaskKind;
  /** top-k: keys kept per row. */
  readonly k: number;
  /** mass (FlexPrefill's rule): the smallest set per row whose mass reaches γ. */
  readonly gamma: number;
  /** window (StreamingLLM): recent keys kept per row, w ≥ 1 … */
  readonly window: number;
  /** … plus the first `sinks` tokens. */
  readonly sinks: number;
  /** block (SeerAttention-style): block side B in tokens … */
  readonly block: number;
  /** … and the share of (causal) blocks kept per block-row, r ∈ (0, 1]. */
  readonly nzRatio: number;
}

export interface Analysis {
  readonly sinks: SinkSettings;
  readonly mask: MaskSettings;
}

export const DEFAULT_ANALYSIS: Analysis = {
  sinks: { tau: 0.1, eps: 0.3, kappa: 3, minSupport: 4 },
  mask: { kind: 'none', k: 8, gamma: 0.9, window: 8, sinks: 4, block: 8, nzRatio: 0.5 },
};

export const SCALE_KINDS = ['linear', 'log', 'gamma'] as const;
export type ScaleKind = (typeof SCALE_KINDS)[number];
export const REDUCE_KINDS = ['max', 'mean'] as const;
export const UNIT_KINDS = ['nats', 'bits'] as const;
export type EntropyUnit = (typeof UNIT_KINDS)[number];
