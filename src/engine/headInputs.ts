import { LabError } from '../schema/errors';
import { rope } from '../reference/rope';
import type { SyntheticSource } from '../schema/experiment';
import { generateInputs, generateWeights, project, type HeadWeights } from './synthetic';

/**
 * One head's inputs, the same shape for every source: the synthetic generator and a language
 * model's forward pass both fill it, and both engines (GPU paneMap, float64 cpuPaneMap) read it.
 */

/**
 * What σReparam needs of a head: the layer input X [N, D] and W_Q, W_K [D, d], so that
 * Q = m ⊙ (X·W_Q + b_Q) and K = X·W_K + b_K (biases and the model's own row temperature m
 * where a model has them; the synthetic source has neither).
 */
export interface HeadProjection {
  /** Width D of X. */
  readonly dm: number;
  readonly x: Float32Array;
  readonly weights: HeadWeights;
  readonly bq: Float32Array | null;
  readonly bk: Float32Array | null;
  /** Row multipliers the model applies to its logits (selective temperature), [N], or null. */
  readonly rowScale: Float32Array | null;
  /** Seed of σReparam's random power-iteration start. */
  readonly seed: number;
  /** Whether σReparam computes its per-row entropy bounds for this head (costly at a model's width). */
  readonly bounds: boolean;
  /**
   * Rotary tables [N, d/2] (Llama-family models): Q and K are rotated after the projection, as the
   * model attends with them (docs/methods.md, "Llama-family models"). Absent: no rotation.
   */
  readonly rope?: { readonly cos: ArrayLike<number>; readonly sin: ArrayLike<number> };
}

/** One head's inputs, shared by every pane. */
export interface HeadInputs {
  /** Sequence length N and head dimension d. */
  readonly n: number;
  readonly d: number;
  readonly layer: number;
  readonly head: number;
  /** Whether this head is the one on screen (ACT may calibrate only that one). */
  readonly selected: boolean;
  /** A head of a language model, where ACT's protocol calibrates searched heads only (actApplies). */
  readonly model?: boolean;
  /** Q, K, V, [N, d] each, as the model's softmax sees them (Q includes any row temperature). */
  readonly q: Float32Array;
  readonly k: Float32Array;
  readonly v: Float32Array;
  /** What σReparam needs (weights and layer input), or null where a source has none (imported Q/K). */
  readonly proj: HeadProjection | null;
  /**
   * A given causal attention map P [N, N] (imported maps): the plain pane shows it and ACT edits
   * it; q and k are then empty and logit-level methods are refused.
   */
  readonly map?: Float32Array;
}

/** Why a logit-level method cannot run on a given map. */
export const mapsRefusal = (id: string) =>
  `${id} acts on the logits QKᵀ/√d, and attention maps have no logits: only the plain map and ACT (a post-softmax edit) apply to maps.`;

/** The head's projection, or the reason σReparam cannot run on it. */
export function projectionOf(inp: HeadInputs): HeadProjection {
  if (!inp.proj) throw new LabError('bad-input', 'σReparam rescales the weights W_Q and W_K and needs the layer input X; this source has neither, so σReparam cannot run on it.');
  return inp.proj;
}

/** Q and K of a head from reparametrised weights, with its biases and row temperature. */
export function projectQK(inp: HeadInputs, wq: Float32Array, wk: Float32Array): { q: Float32Array; k: Float32Array } {
  const { n, d } = inp;
  const proj = projectionOf(inp);
  const q = project(proj.x, wq, n, proj.dm, d);
  const k = project(proj.x, wk, n, proj.dm, d);
  for (let i = 0; i < n; i++) {
    const m = proj.rowScale ? (proj.rowScale[i] as number) : 1;
    for (let c = 0; c < d; c++) {
      q[i * d + c] = m * ((q[i * d + c] as number) + (proj.bq ? (proj.bq[c] as number) : 0));
      if (proj.bk) k[i * d + c] = (k[i * d + c] as number) + (proj.bk[c] as number);
    }
  }
  if (proj.rope) {
    const { cos, sin } = proj.rope;
    const q64 = rope(Float64Array.from(q), n, d, 0, 1, d, cos, sin);
    const k64 = rope(Float64Array.from(k), n, d, 0, 1, d, cos, sin);
    return { q: Float32Array.from(q64), k: Float32Array.from(k64) };
  }
  return { q, k };
}


/** A synthetic head's inputs (X is shared by all heads: pass it to avoid regenerating it). */
export function syntheticHead(src: SyntheticSource, head: number, selected: boolean, x: Float32Array = generateInputs(src)): HeadInputs {
  const { seqLen: n, modelDim: dm, headDim: d } = src;
  const weights = generateWeights(src, head);
  return {
    n, d, layer: 0, head, selected,
    q: project(x, weights.wq, n, dm, d),
    k: project(x, weights.wk, n, dm, d),
    v: project(x, weights.wv, n, dm, d),
    proj: { dm, x, weights, bq: null, bk: null, rowScale: null, seed: src.seed, bounds: true },
  };
}
