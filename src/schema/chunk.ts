/**
 * Typed pieces of a run's result, streamed from the worker as they are ready.
 * Float32Arrays are transferred, not cloned. Stale chunks are dropped by runId.
 */

import type { MaskKind } from './analysis';

/** Sink detectors' verdicts on one head (docs/methods.md "Received attention and sinks"); computed by src/metrics/sinks.ts. */
export interface SinkReport {
  /** ACT: keys with α_j > τ, ascending. */
  readonly detected: readonly number[];
  /** ACT exempts the first detected index (usually token 0, BOS), or null when none. */
  readonly exempt: number | null;
  /** ACT's calibrated set S = detected minus the exempt one. */
  readonly calibrated: readonly number[];
  /** Detected keys after the first token: "hidden" sinks, flagged apart from the token-0 sink. */
  readonly nonInitial: readonly number[];
  /** Gu et al.: keys with α_j > ε (this head's indicator for Sink^ε). */
  readonly gu: readonly number[];
  /** [lab] keys with α_j > κ·ū_j and support N − j ≥ m. */
  readonly relative: readonly number[];
}

/**
 * How a changed map A′ differs from the dense baseline A, per query row (docs/methods.md "Order of operations").
 * KL(A‖A′) is +Infinity where A′ drops keys A attends to (every sparse mask does); the
 * Jensen–Shannon divergence (nats, ≤ ln 2) stays finite.
 */
export interface Comparison {
  readonly kl: Float32Array;
  readonly js: Float32Array;
  /** |topk(A) ∩ topk(A′)| / |topk(A)| with k = `topk`, per row. */
  readonly overlap: Float32Array;
  readonly topk: number;
  /** ‖O′_i − O_i‖₂ with O = A·V, O′ = A′·V. */
  readonly outDelta: Float32Array;
  readonly meanKL: number;
  readonly meanJS: number;
  readonly meanOverlap: number;
  readonly meanOutDelta: number;
}

/** What a sparsity mask keeps of one head's dense map. */
export interface MaskResult {
  readonly kind: Exclude<MaskKind, 'none'>;
  /** Keys kept per row (|M_i|), [N]. */
  readonly kept: Float32Array;
  /** Retained mass R_i = Σ_{j∈M_i} P_ij per row, [N]. */
  readonly retained: Float32Array;
  /** 1 − |M| / (N(N+1)/2), in [0, 1]. */
  readonly sparsity: number;
  /** Mean of R_i over rows. */
  readonly meanRetained: number;
  /** The masked map renormalised over the mask (sparse attention) against the dense map. */
  readonly vsDense: Comparison;
}

/** What a method did to one head, for its own panels. */
export type MethodExtras =
  | {
      readonly kind: 'act';
      /** False when the pane calibrates only the selected head and this is another one. */
      readonly applied: boolean;
      /** α_j of the map before calibration (what detection saw), [N]. */
      readonly alphaBefore: Float32Array;
      readonly tau: number;
      readonly detected: readonly number[];
      readonly exempt: number | null;
      readonly calibrated: readonly number[];
      /** s_i: mass each row had on the calibrated keys before calibration, [N]. */
      readonly s: Float32Array;
      /** Per row, the share of the freed mass (1 − β)s_i that the exempt key absorbed, [N] (NaN: none freed). */
      readonly toExempt: Float32Array;
    }
  | {
      readonly kind: 'temperature';
      /** Row multipliers m_i applied to the logits before masking, [N]. */
      readonly m: Float32Array;
    }
  | {
      readonly kind: 'sigma';
      /** The γ_Q, γ_K applied: σ̂(W) itself by default (weights unchanged), or the learner's. */
      readonly gammaQ: number;
      readonly gammaK: number;
      /** False where the head's logits have biases or a row temperature: Theorem 3.1's curve is then not a bound. */
      readonly boundHolds: boolean;
      /** σ̂ of W_Q and W_K after each power iteration (PyTorch convention). */
      readonly iterQ: readonly number[];
      readonly iterK: readonly number[];
      /** Exact spectral norms by eigen-decomposition on the CPU. */
      readonly exactQ: number;
      readonly exactK: number;
      /** ‖W_Q W_Kᵀ‖₂ before and after reparametrisation. */
      readonly sigmaQK: number;
      readonly sigmaQKHat: number;
      /** Theorem 3.1's causal per-row entropy lower bound (nats) with the original and the reparametrised weights, [N]. */
      readonly bound: Float32Array;
      readonly boundHat: Float32Array;
    }
  | {
      readonly kind: 'normaliser';
      /** Σ_j A_ij of the unnormalised rows; statistics use the renormalised rows. [N] */
      readonly rowMass: Float32Array;
    };

/** Per-head statistics: small, sent first for every head. */
export interface StatsChunk {
  readonly kind: 'stats';
  readonly runId: number;
  /** Pane (method) index; pane 0 is the reference the others are compared with. */
  readonly pane: number;
  readonly layer: number;
  readonly head: number;
  /** max_j P_ij per row, [N] (the dilution plot). */
  readonly rowMax: Float32Array;
  /** This pane's map against pane 0's for the same head, or null for pane 0. */
  readonly vsBase: Comparison | null;
  readonly extras: MethodExtras | null;
  /** H_i per query row, nats, shape [N]. */
  readonly rowEntropy: Float32Array;
  /** Mean of H_i over all rows (nats), computed in float64 from rowEntropy. */
  readonly meanEntropy: number;
  /** Mean of H_i over rows i ≥ 1 (nats); NaN when N = 1. */
  readonly meanEntropyFrom1: number;
  /** Mean of Ĥ_i = H_i / ln(i+1) over rows i ≥ 1, in [0, 1]; NaN when N = 1. */
  readonly meanNormEntropy: number;
  /** Received attention α_j per key, [N]. */
  readonly alpha: Float32Array;
  readonly sinks: SinkReport;
  /** Mass each row puts on ACT-detected sinks (exempt one included), [N]. */
  readonly sinkMass: Float32Array;
  /** Mean of sinkMass over rows. */
  readonly meanSinkMass: number;
  /** The experiment's sparsity mask, or null when none is set. */
  readonly mask: MaskResult | null;
}

/**
 * A map of one head, reduced on the GPU to at most `rows × cols` tiles.
 * data[r·cols + c] is the maximum (or mean) probability over the tile of queries
 * [r·tile, (r+1)·tile) × keys [c·tile, (c+1)·tile); tile = 1 means exact probabilities.
 */
export interface MapChunk {
  readonly kind: 'map';
  readonly runId: number;
  readonly pane: number;
  readonly layer: number;
  readonly head: number;
  /**
   * 'thumb' for the head grid, 'full' for the large heatmap, 'mask' for the kept fraction of the
   * sparsity mask per tile of the large heatmap (same tiling, mean-reduced).
   */
  readonly purpose: 'thumb' | 'full' | 'mask';
  readonly reduce: 'max' | 'mean';
  /** Tokens per tile side. */
  readonly tile: number;
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
  /** First query and key the tiles cover (0, 0 unless zoomed). */
  readonly origin: { readonly q: number; readonly k: number };
  /** Queries and keys the tiles cover (N, N unless zoomed). */
  readonly extent: { readonly q: number; readonly k: number };
}

/** Progress of a run, in heads processed. */
export interface ProgressChunk {
  readonly kind: 'progress';
  readonly runId: number;
  readonly done: number;
  readonly total: number;
  /** Milliseconds since the run started, measured in the worker. */
  readonly elapsedMs: number;
}

/** Mean entropy of the selected head as the weight scale grows: entropy collapse, and what σReparam does to it. */
export interface SweepChunk {
  readonly kind: 'sweep';
  readonly runId: number;
  readonly head: number;
  readonly scales: readonly number[];
  /** σ(W_Q W_Kᵀ) of the original weights at each scale. */
  readonly sigmaQK: readonly number[];
  /** Mean over rows of Theorem 3.1's causal lower bound (nats) for the original weights at each scale. */
  readonly bound: readonly number[];
  /** Per pane: mean row entropy (nats) at each scale; null for panes the sweep does not cover. */
  readonly entropy: readonly (readonly number[] | null)[];
}

/** Where a run's time and memory went, sent last. */
export interface PerfChunk {
  readonly kind: 'perf';
  readonly runId: number;
  /** GPU time per kernel from timestamp queries (empty when the device has none). */
  readonly kernels: readonly { readonly label: string; readonly calls: number; readonly ms: number }[];
  /** Wall time of the run in the worker, ms. */
  readonly wallMs: number;
  /** Peak GPU memory held by the run's buffers, bytes. */
  readonly peakBytes: number;
  /** Compute passes the run recorded and readbacks it waited on (round trips to the GPU). */
  readonly passes: number;
  readonly readbacks: number;
  readonly n: number;
  readonly d: number;
}

/**
 * A model source's forward pass on the input, sent before any statistics: the tokens the axes
 * show, the model's shape, per-token loss and next-token predictions.
 */
export interface ModelChunk {
  readonly kind: 'model';
  readonly runId: number;
  readonly model: string;
  readonly layers: number;
  readonly heads: number;
  readonly headDim: number;
  /** K/V heads per layer when fewer than the query heads (grouped-query attention): query heads h·G…h·G+G−1 share one, G = heads / kvHeads. */
  readonly kvHeads?: number;
  /** Token ids [N] (BOS first where the model has one). */
  readonly ids: Int32Array;
  /** Display text of each token, [N]. */
  readonly pieces: readonly string[];
  /** True when the text was longer than the model's context and cut to it. */
  readonly truncated: boolean;
  /** Cross-entropy of the next token at each position, nats, [N]; NaN at the last. */
  readonly loss: Float32Array;
  /** Mean of the finite entries of `loss`, nats per token. */
  readonly meanLoss: number;
  /** Top-5 next tokens per position: ids, probabilities and display text, [N, 5] row-major. */
  readonly topIds: Int32Array;
  readonly topProbs: Float32Array;
  readonly topPieces: readonly string[];
}

/** The model's loss with a pane's method applied to every head inside the forward pass. */
export interface LossChunk {
  readonly kind: 'loss';
  readonly runId: number;
  readonly pane: number;
  /** Next-token cross-entropy per position, nats, [N]; NaN at the last. */
  readonly loss: Float32Array;
  readonly meanLoss: number;
}

/** Model weights arriving (download or cache), before the forward pass. */
export interface DownloadChunk {
  readonly kind: 'download';
  readonly runId: number;
  readonly model: string;
  /** Bytes so far and in all (null when the server does not say). */
  readonly loaded: number;
  readonly total: number | null;
  readonly fromCache: boolean;
}

/**
 * ACT's head search (Yu et al.: calibrate one head at a time, keep the heads where that lowers
 * the loss): per head, the model's mean loss with only that head calibrated, minus the plain loss.
 * Sent after every head, so the table fills in; `done` of `layers · heads`.
 */
export interface SearchChunk {
  readonly kind: 'search';
  readonly runId: number;
  readonly pane: number;
  readonly layers: number;
  readonly heads: number;
  /** Plain model's mean loss on the calibration text, nats/token. */
  readonly base: number;
  /** Loss change per head (unit layer · H + head) on the calibration text, nats/token; NaN where not yet computed. */
  readonly delta: Float32Array;
  /** Heads searched so far (of the plan's searchUnits, default all). */
  readonly done: number;
  /** What the loss is measured on: the shipped calibration passages, or the source's own text (command line). */
  readonly on: 'calibration' | 'text';
  /** How many calibration passages (the loss is their mean). */
  readonly passages: number;
  /** Once every head is searched: the kept set ("layer.head"_…) and its loss before/after on each text. */
  readonly result: null | {
    readonly set: string;
    readonly kept: number;
    readonly calibration: { readonly base: number; readonly withSet: number };
    /** The shown text (null when it is itself the calibration text). */
    readonly shown: { readonly base: number; readonly withSet: number } | null;
  };
}

/** One shipped model on the source's text (the family compared side by side). */
export interface FamilyRow {
  readonly model: string;
  /** Mean next-token loss on the text, nats/token. */
  readonly meanLoss: number;
  /** Tokens read. */
  readonly n: number;
  readonly layers: number;
  readonly heads: number;
  /** Per head (unit layer · H + head): mean attention on token 0 over queries (Gu et al.'s α₀). */
  readonly alpha0: Float32Array;
  /** Per head: mean row entropy over rows i ≥ 1, nats. */
  readonly entropy: Float32Array;
  /** Per layer: mean over heads of `entropy`, nats. */
  readonly layerEntropy: readonly number[];
  /** Heads with α₀ > ε (the analysis' Gu threshold). */
  readonly sinkHeads: number;
}

/** The shipped family on the text so far (one row per model, sent as each finishes). */
export interface FamilyChunk {
  readonly kind: 'family';
  readonly runId: number;
  readonly rows: readonly FamilyRow[];
}

export type Chunk = FamilyChunk | SearchChunk | StatsChunk | MapChunk | ProgressChunk | SweepChunk | PerfChunk | ModelChunk | LossChunk | DownloadChunk;

/** What ran the kernels: shown in the status badge. */
export interface AdapterReport {
  /** 'cpu': no WebGPU here, the float64 reference engine runs instead (small N only). */
  readonly backend: 'webgpu' | 'cpu';
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean;
}
