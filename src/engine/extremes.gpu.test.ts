import { describe, expect, it } from 'vitest';
import { createKernels, type Kernels } from '../gpu/kernels';
import { liveBufferCount } from '../gpu/arena';
import type { Analysis } from '../schema/analysis';
import type { Chunk, StatsChunk } from '../schema/chunk';
import { DEFAULT_EXPERIMENT, asSynthetic, type Experiment, type SyntheticSource } from '../schema/experiment';
import { defaultMethod, type MethodSpec } from '../schema/methods';
import { fullPlan } from '../schema/plan';
import { validateExperiment } from '../schema/validate';
import { nodeDevice } from '../testing/nodeGpu';
import { runExperiment } from './run';

let kernelsP: Promise<Kernels> | null = null;
const kernels = () => (kernelsP ??= nodeDevice().then(({ device }) => createKernels(device)));

const m = (id: MethodSpec['id'], params: Record<string, number | string> = {}): MethodSpec => ({ id, params: { ...defaultMethod(id).params, ...params } });

/** Parameter extremes: each must validate, run, and give finite, row-stochastic numbers. */
const CASES: { name: string; source?: Partial<SyntheticSource>; analysis?: Partial<Analysis>; methods: MethodSpec[] }[] = [
  { name: 'N = 1', source: { seqLen: 1, sinkPos: 0 }, methods: [m('softmax'), m('act'), m('temperature'), m('sigmoid')] },
  { name: 'd = 3 (not a multiple of 4), D = 5', source: { headDim: 3, modelDim: 5 }, methods: [m('softmax'), m('sigma')] },
  { name: 'τ = 0, β = 0 (every column a sink, all sink mass removed)', methods: [m('softmax'), m('act', { tau: 0, beta: 0 })] },
  { name: 'huge temperature (c = 1, a = 1) and the multiplier clamp', methods: [m('softmax'), m('temperature', { c: 1, a: 1, b: 5 })] },
  { name: 'γ_Q = γ_K = 0.05 and 20, one cold power step', methods: [m('sigma', { gamma: 'set', gq: 0.05, gk: 0.05, start: 'ones' }), m('sigma', { gamma: 'set', gq: 20, gk: 20, iters: 1, start: 'random' })] },
  { name: 'weight scale 8 (collapse), sharpness 4, sink 12 nats', source: { weightScale: 8, sharpness: 4, sinkStrength: 12 }, methods: [m('softmax'), m('softmax1'), m('softplus', { p: 8, nref: 2 })] },
  { name: 'mass mask γ = 1', analysis: { mask: { ...DEFAULT_EXPERIMENT.analysis.mask, kind: 'mass', gamma: 1 } }, methods: [m('softmax')] },
  { name: 'top-k k = 1', analysis: { mask: { ...DEFAULT_EXPERIMENT.analysis.mask, kind: 'topk', k: 1 } }, methods: [m('softmax')] },
  { name: 'window w = 1 with no sink tokens', analysis: { mask: { ...DEFAULT_EXPERIMENT.analysis.mask, kind: 'window', window: 1, sinks: 0 } }, methods: [m('softmax')] },
  { name: 'block B = 64 > N', analysis: { mask: { ...DEFAULT_EXPERIMENT.analysis.mask, kind: 'block', block: 64, nzRatio: 0.01 } }, methods: [m('softmax')] },
];

describe('parameter extremes run and stay finite', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const candidate: Experiment = {
        ...DEFAULT_EXPERIMENT,
        source: { ...DEFAULT_EXPERIMENT.source, seqLen: 23, heads: 2, headDim: 8, modelDim: 16, ...c.source },
        analysis: { ...DEFAULT_EXPERIMENT.analysis, ...c.analysis },
        methods: c.methods,
        view: { ...DEFAULT_EXPERIMENT.view, diff: c.methods.length > 1 ? [1, 0] : null },
      };
      const v = validateExperiment(candidate);
      expect(v.ok, JSON.stringify(!v.ok && v.issues)).toBe(true);
      const exp = asSynthetic((v as { value: Experiment }).value);
      const chunks: Chunk[] = [];
      await runExperiment(await kernels(), exp, fullPlan(exp), { runId: 1, signal: new AbortController().signal, emit: (ch) => void chunks.push(ch) });
      const stats = chunks.filter((ch): ch is StatsChunk => ch.kind === 'stats');
      expect(stats).toHaveLength(exp.source.heads * exp.methods.length);
      const n = exp.source.seqLen;
      for (const s of stats) {
        for (let i = 0; i < n; i++) {
          const h = s.rowEntropy[i] as number;
          expect(Number.isFinite(h) && h >= -1e-6 && h <= Math.log(i + 1) + 1e-4, `H_${i} = ${h}`).toBe(true);
        }
        expect(Array.from(s.alpha).every(Number.isFinite)).toBe(true);
        if (s.mask) {
          expect(s.mask.sparsity).toBeGreaterThanOrEqual(0);
          expect(s.mask.sparsity).toBeLessThanOrEqual(1);
          expect(Array.from(s.mask.retained).every((r) => r > 0 && r <= 1 + 1e-5)).toBe(true);
        }
        if (s.vsBase) expect(Array.from(s.vsBase.js).every((x) => Number.isFinite(x) && x >= -1e-7 && x <= Math.LN2 + 1e-6)).toBe(true);
      }
      const maps = chunks.filter((ch) => ch.kind === 'map');
      for (const mp of maps) if (mp.kind === 'map') expect(Array.from(mp.data).every(Number.isFinite)).toBe(true);
      expect(liveBufferCount()).toBe(0);
    });
  }
});
