import type { ActExemption, ActThreshold } from '../methods/act';
import { bilinearNorm, causalRowBounds } from '../methods/entropyBound';
import { powerIteration, reparametrise, spectralNorm } from '../methods/sigmaReparam';
import { positionMultiplier, queryNormFactor, rowMultiplier, valueTemperature } from '../methods/temperature';
import type { Normalizer } from '../reference/normalizeRows';
import type { MethodExtras } from '../schema/chunk';
import { numParam, parseHeadSet, type MethodSpec } from '../schema/methods';
import { mulberry32, streamSeed } from './random';
import type { HeadWeights } from './synthetic';

/**
 * What a method's parameters mean, computed once and used by both engines (GPU paneMap and the
 * float64 cpuPane), so the two can only differ in the arithmetic of the kernels.
 */

export interface ActPlan {
  readonly threshold: ActThreshold;
  readonly exemption: ActExemption;
  readonly beta: number;
  /** Which heads are calibrated: every head, the selected head, or ACT's protocol (see actApplies). */
  readonly heads: 'all' | 'selected' | 'auto';
  /** The searched set applied by the user ("layer.head" keys), empty until then. */
  readonly set: ReadonlySet<string>;
}

export function actPlan(m: MethodSpec): ActPlan {
  const threshold: ActThreshold = m.params.rule === 'relative'
    ? { mode: 'relative', kappa: numParam(m, 'kappa'), minSupport: numParam(m, 'minsup') }
    : { mode: 'absolute', tau: numParam(m, 'tau') };
  const exemption: ActExemption = m.params.exempt === 'token0' ? 'token0' : m.params.exempt === 'none' ? 'none' : 'first-detected';
  const heads = m.params.heads === 'all' ? 'all' : m.params.heads === 'selected' ? 'selected' : 'auto';
  const set = new Set((parseHeadSet(String(m.params.set ?? '')) ?? []).map((u) => `${u.layer}.${u.head}`));
  return { threshold, exemption, beta: numParam(m, 'beta'), heads, set };
}

/**
 * Whether ACT calibrates this head. 'auto' follows the published protocol (docs/methods.md "ACT"):
 * on a model, the heads of an applied search, or until then the selected head; on synthetic or
 * imported heads, which have no loss to search by, every head.
 */
export function actApplies(plan: ActPlan, inp: { readonly layer: number; readonly head: number; readonly selected: boolean; readonly model?: boolean }): boolean {
  if (plan.heads === 'all') return true;
  if (plan.heads === 'selected') return inp.selected;
  if (!inp.model) return true;
  return plan.set.size > 0 ? plan.set.has(`${inp.layer}.${inp.head}`) : inp.selected;
}

/** The method as the head search applies it to the one head it measures: calibrating that head. */
export const aloneOnHead = (m: MethodSpec): MethodSpec => (m.id === 'act' ? { ...m, params: { ...m.params, heads: 'all' } } : m);

/** Row multipliers m_i [n] and the values V′ [n, d] of a selective-temperature pane. */
export function temperaturePlan(m: MethodSpec, q: Float32Array, v: Float32Array, n: number, d: number): { mult: Float32Array; v: Float32Array } {
  const a = numParam(m, 'a');
  const t = a > 0 ? queryNormFactor(q, n, d, a, numParam(m, 'b')) : undefined;
  const mult = Float32Array.from(rowMultiplier(positionMultiplier(n, numParam(m, 'c')), t));
  const av = numParam(m, 'av');
  return { mult, v: av > 0 ? Float32Array.from(valueTemperature(v, n, d, av, numParam(m, 'bv')).v) : v };
}

/** σReparam's weights Ŵ_Q, Ŵ_K [D, d] and its diagnostics (σ by iteration, exact σ, per-row bounds). */
/** Sizes σReparam works with: N tokens, head dim d, model width D, and the seed of a random start. */
export interface SigmaDims {
  readonly n: number;
  readonly d: number;
  readonly dm: number;
  readonly seed: number;
  /** Compute the per-row entropy bounds (O(N·D²) and more: only for heads on screen). Default true. */
  readonly bounds?: boolean;
  /** Whether the logits are X·W_Q·(X·W_K)ᵀ/√d alone (no biases, no row temperature): only then is Theorem 3.1's curve a bound. Default true. */
  readonly plainLogits?: boolean;
}

export function sigmaPlan(m: MethodSpec, dims: SigmaDims, x: Float32Array, w: HeadWeights): { wqHat: Float32Array; wkHat: Float32Array; extras: MethodExtras } {
  const { n, d, dm } = dims;
  const boundHolds = dims.plainLogits ?? true;
  const iters = numParam(m, 'iters');
  const start = m.params.start === 'ones' ? 'ones' : m.params.start === 'random'
    ? { random: mulberry32(streamSeed(dims.seed, 2 << 20)) } : 'svd';
  const pq = powerIteration(w.wq, dm, d, iters, start);
  const pk = powerIteration(w.wk, dm, d, iters, start);
  const sq = pq.sigmas[iters - 1] as number;
  const sk = pk.sigmas[iters - 1] as number;
  // γ = σ̂(W) (the default) leaves the weights as they are: Ŵ = W, a trained model's learned γ kept.
  const keep = m.params.gamma !== 'set';
  const gammaQ = keep ? sq : numParam(m, 'gq');
  const gammaK = keep ? sk : numParam(m, 'gk');
  const wqHat = keep ? w.wq : Float32Array.from(reparametrise(w.wq, gammaQ, sq));
  const wkHat = keep ? w.wk : Float32Array.from(reparametrise(w.wk, gammaK, sk));
  const scale = 1 / Math.sqrt(d);
  const sigmaQK = bilinearNorm(w.wq, w.wk, dm, d);
  const sigmaQKHat = bilinearNorm(wqHat, wkHat, dm, d);
  return {
    wqHat,
    wkHat,
    extras: {
      kind: 'sigma',
      gammaQ,
      gammaK,
      boundHolds,
      iterQ: Array.from(pq.sigmas),
      iterK: Array.from(pk.sigmas),
      exactQ: spectralNorm(w.wq, dm, d),
      exactK: spectralNorm(w.wk, dm, d),
      sigmaQK,
      sigmaQKHat,
      bound: dims.bounds === false ? new Float32Array(n).fill(NaN) : Float32Array.from(causalRowBounds(x, n, dm, sigmaQK, scale).bound),
      boundHat: dims.bounds === false ? new Float32Array(n).fill(NaN) : Float32Array.from(causalRowBounds(x, n, dm, sigmaQKHat, scale).bound),
    },
  };
}

/** The normaliser of a sigmoid / softmax-off-by-one / softplus pane. */
export function normaliserOf(m: MethodSpec, n: number): Normalizer {
  if (m.id === 'sigmoid') return { mode: 'sigmoid', bias: m.params.bias === 'custom' ? numParam(m, 'b') : -Math.log(n) };
  if (m.id === 'softplus') return { mode: 'softplusL1', nRef: numParam(m, 'nref'), power: numParam(m, 'p') };
  return { mode: 'softmax1' };
}

/** Per row, the share of ACT's freed mass (1 − β)s_i that the exempt key absorbed; NaN where none was freed. */
export function shareToExempt(s: ArrayLike<number>, before: ArrayLike<number>, after: ArrayLike<number>, beta: number, hasExempt: boolean): Float32Array {
  const out = new Float32Array(s.length).fill(NaN);
  for (let i = 1; i < s.length; i++) {
    const freed = (1 - beta) * (s[i] as number);
    if (freed > 1e-12 && hasExempt) out[i] = ((after[i] as number) - (before[i] as number)) / freed;
  }
  return out;
}
