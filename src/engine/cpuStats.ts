import { blockMaskFor, maxPoolBlocks } from '../metrics/blockMask';
import { detectSinks } from '../metrics/sinks';
import { meanRetained, sparsity } from '../metrics/sparsity';
import { attnOutput } from '../reference/attnOutput';
import { attnScores } from '../reference/attnScores';
import { keyIndicator, keyMass } from '../reference/keyMass';
import { maskApply } from '../reference/maskApply';
import { maskStats, type Mask } from '../reference/maskStats';
import { receivedAttention } from '../reference/receivedAttention';
import { rowDistance } from '../reference/rowDistance';
import { rowDivergence } from '../reference/rowDivergence';
import { entropyMeans, meanNormalisedEntropy, rowEntropy } from '../reference/rowEntropy';
import { rowThreshold } from '../reference/rowThreshold';
import { softmaxRows } from '../reference/softmaxRows';
import { topkOverlap } from '../reference/topkOverlap';
import type { Analysis, MaskSettings } from '../schema/analysis';
import type { MethodExtras, SinkReport } from '../schema/chunk';
import type { SyntheticSource } from '../schema/experiment';
import { COMPARE_TOPK } from './compare';
import { actSets } from '../methods/act';
import { actCalibrate } from '../reference/actCalibrate';
import { normalizeRows } from '../reference/normalizeRows';
import { rowRenorm } from '../reference/rowRenorm';
import { defaultMethod, type MethodSpec } from '../schema/methods';
import { actPlan, normaliserOf, shareToExempt, sigmaPlan, temperaturePlan } from './methodPlan';
import { mapsRefusal, projectQK, projectionOf, syntheticHead, type HeadInputs } from './headInputs';
import { LabError } from '../schema/errors';

const f32 = (x: ArrayLike<number>) => Float64Array.from(Float32Array.from(x));

/**
 * The same statistics as the GPU pipeline (headStats + compareMaps), composed from the float64
 * twins. Tests compare the two; it is also the CPU engine for small N.
 */
export interface CpuHeadStats {
  readonly p: Float64Array;
  readonly rowEntropy: Float64Array;
  readonly meanEntropy: number;
  readonly meanEntropyFrom1: number;
  readonly meanNormEntropy: number;
  readonly alpha: Float64Array;
  readonly sinks: SinkReport;
  readonly sinkMass: Float64Array;
  readonly meanSinkMass: number;
  readonly mask: null | {
    readonly kept: Float64Array;
    readonly retained: Float64Array;
    /** The 0/1 mask [n, n]. */
    readonly map: Float64Array;
    readonly sparsity: number;
    readonly meanRetained: number;
    readonly js: Float64Array;
    readonly kl: Float64Array;
    readonly overlap: Float64Array;
    readonly outDelta: Float64Array;
  };
}

const mean = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return x.length ? s / x.length : NaN;
};

function cpuMask(p: Float64Array, n: number, m: MaskSettings): Mask | null {
  if (m.kind === 'none') return null;
  if (m.kind === 'window') return { mode: 'window', window: m.window, sinks: m.sinks };
  if (m.kind === 'block') {
    const { pooled, nb } = maxPoolBlocks(p, n, m.block);
    return { mode: 'block', block: m.block, blockMask: blockMaskFor(pooled, nb, m.nzRatio) };
  }
  const rule = m.kind === 'topk' ? { mode: 'topk' as const, k: m.k } : { mode: 'mass' as const, gamma: m.gamma };
  return { mode: 'threshold', t: rowThreshold(p, n, rule) };
}

/** paneMap's float64 twin: P (row-stochastic, for statistics), A (the method's own map, O = A·V), V, extras. */
export interface CpuPaneMap {
  readonly p: Float64Array;
  readonly a: Float64Array;
  readonly v: Float32Array;
  readonly extras: MethodExtras | null;
}

const stochastic = (p: Float64Array, v: Float32Array, extras: MethodExtras | null): CpuPaneMap => ({ p, a: p, v, extras });

/** One pane's map of one head, the values it multiplies, and the method's extras, in float64. */
export function cpuPaneMap(inp: HeadInputs, m: MethodSpec): CpuPaneMap {
  const { n, d, q, k, v, selected } = inp;
  const given = inp.map;
  const softmax = () => (given ? Float64Array.from(given) : softmaxRows(attnScores(q, k, n, d), n));
  if (given && m.id !== 'softmax' && m.id !== 'act') throw new LabError('bad-input', mapsRefusal(m.id));
  switch (m.id) {
    case 'softmax':
      return stochastic(softmax(), v, null);
    case 'act': {
      const plan = actPlan(m);
      const p = f32(softmax()); // the GPU calibrates the f32 map
      const alpha = receivedAttention(p, n);
      const sets = actSets(alpha, plan.threshold, plan.exemption);
      const applied = plan.allHeads || selected;
      const calibrated = applied ? sets.calibrated : [];
      const out = actCalibrate(p, n, keyIndicator(n, calibrated), plan.beta, true);
      const e = keyIndicator(n, sets.exempt === null ? [] : [sets.exempt]);
      const toExempt = shareToExempt(out.s, keyMass(p, n, e), keyMass(out.p, n, e), plan.beta, sets.exempt !== null);
      const tau = plan.threshold.mode === 'absolute' ? plan.threshold.tau : NaN;
      return stochastic(out.p, v, { kind: 'act', applied, alphaBefore: Float32Array.from(alpha), tau, detected: sets.detected, exempt: sets.exempt, calibrated, s: Float32Array.from(out.s), toExempt });
    }
    case 'temperature': {
      const t = temperaturePlan(m, q, v, n, d);
      return stochastic(softmaxRows(attnScores(q, k, n, d, 1 / Math.sqrt(d), t.mult), n), t.v, { kind: 'temperature', m: t.mult });
    }
    case 'sigma': {
      const proj = projectionOf(inp);
      const plan = sigmaPlan(m, { n, d, dm: proj.dm, seed: proj.seed, bounds: proj.bounds }, proj.x, proj.weights);
      const qk = projectQK(inp, plan.wqHat, plan.wkHat);
      return stochastic(softmaxRows(attnScores(qk.q, qk.k, n, d), n), v, plan.extras);
    }
    default: {
      const raw = normalizeRows(attnScores(q, k, n, d), n, normaliserOf(m, n));
      const rowMass = Float32Array.from({ length: n }, (_, i) => raw.subarray(i * n, i * n + n).reduce((a, b) => a + b, 0));
      // Renormalised rows for entropy and α only (labelled); V is multiplied by the method's own rows.
      return { p: rowRenorm(raw, n), a: raw, v, extras: { kind: 'normaliser', rowMass } };
    }
  }
}

/** All statistics of one synthetic head for one pane (default: plain softmax), in float64 on the CPU. */
export function cpuHeadStats(src: SyntheticSource, head: number, analysis: Analysis, method: MethodSpec = defaultMethod('softmax'), selected = true): CpuHeadStats {
  const { p, v } = cpuPaneMap(syntheticHead(src, head, selected), method);
  return cpuStatsOf(p, v, src.seqLen, src.headDim, analysis);
}

/** The statistics headStats computes on the GPU, from a row-stochastic map P [n, n] and V [n, d]. */
export function cpuStatsOf(p: Float64Array, v: ArrayLike<number>, n: number, d: number, analysis: Analysis): CpuHeadStats {
  const h = rowEntropy(p, n);
  const alpha = receivedAttention(p, n);
  const sinks = detectSinks(alpha, analysis.sinks);
  const sinkMass = keyMass(p, n, keyIndicator(n, sinks.detected));
  const spec = cpuMask(p, n, analysis.mask);
  let mask: CpuHeadStats['mask'] = null;
  if (spec) {
    const ms = maskStats(p, n, spec);
    const c = cpuCompare(p, maskApply(p, ms.map, n), n, v, v, d);
    mask = {
      kept: ms.kept,
      retained: ms.retained,
      map: ms.map,
      sparsity: sparsity(ms.kept, n),
      meanRetained: meanRetained(ms.retained),
      js: c.js,
      kl: c.kl,
      overlap: c.overlap,
      outDelta: c.outDelta,
    };
  }
  const means = entropyMeans(h);
  return {
    p,
    rowEntropy: h,
    meanEntropy: means.all,
    meanEntropyFrom1: means.from1,
    meanNormEntropy: meanNormalisedEntropy(h),
    alpha,
    sinks,
    sinkMass,
    meanSinkMass: mean(sinkMass),
    mask,
  };
}

/**
 * compareMaps on the CPU: per-row KL(A‖B), JS, top-k overlap of the displayed maps, and the output
 * change ‖B′·V′ − A′·V‖ with A′, B′ the maps that multiply V (default: A, B themselves).
 */
export function cpuCompare(a: Float64Array, b: Float64Array, n: number, v: ArrayLike<number>, vOther: ArrayLike<number>, d: number, out: { a: Float64Array; b: Float64Array } = { a, b }) {
  const topk = Math.min(COMPARE_TOPK, n);
  const div = rowDivergence(a, b, n);
  return {
    kl: div.kl,
    js: div.js,
    topk,
    overlap: topkOverlap(a, b, rowThreshold(a, n, { mode: 'topk', k: topk }), rowThreshold(b, n, { mode: 'topk', k: topk }), n),
    outDelta: rowDistance(attnOutput(out.b, vOther, n, d), attnOutput(out.a, v, n, d), n, d),
  };
}
