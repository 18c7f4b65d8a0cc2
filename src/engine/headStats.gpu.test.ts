import { describe, expect, it } from 'vitest';
import { createKernels, type Kernels } from '../gpu/kernels';
import { liveBufferCount } from '../gpu/arena';
import { DEFAULT_ANALYSIS, type Analysis, type MaskSettings } from '../schema/analysis';
import type { StatsChunk } from '../schema/chunk';
import { DEFAULT_EXPERIMENT, type Experiment, type SyntheticExperiment } from '../schema/experiment';
import { defaultMethod } from '../schema/methods';
import { fullPlan } from '../schema/plan';
import { nodeDevice } from '../testing/nodeGpu';
import { cpuHeadStats } from './cpuStats';
import { runExperiment } from './run';

let kernelsP: Promise<Kernels> | null = null;
const kernels = () => (kernelsP ??= nodeDevice().then(({ device }) => createKernels(device)));

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x === y) continue; // also equal infinities
    m = Math.max(m, Math.abs(x - y));
  }
  return m;
}

async function gpuStats(exp: Experiment): Promise<StatsChunk[]> {
  const out: StatsChunk[] = [];
  await runExperiment(await kernels(), exp, { ...fullPlan(exp), thumbs: false, fullHead: null }, {
    runId: 1,
    signal: new AbortController().signal,
    emit: (c) => void (c.kind === 'stats' && out.push(c)),
  });
  return out;
}

const MASKS: MaskSettings[] = [
  { ...DEFAULT_ANALYSIS.mask, kind: 'topk', k: 5 },
  { ...DEFAULT_ANALYSIS.mask, kind: 'mass', gamma: 0.9 },
  { ...DEFAULT_ANALYSIS.mask, kind: 'window', window: 6, sinks: 2 },
  { ...DEFAULT_ANALYSIS.mask, kind: 'block', block: 8, nzRatio: 0.5 },
];

describe('per-head statistics on Dawn equal the float64 CPU pipeline', () => {
  for (const mask of MASKS) {
    it(`entropy, α, sinks, sink mass, and the ${mask.kind} mask with its comparison`, async () => {
      const analysis: Analysis = { sinks: { ...DEFAULT_ANALYSIS.sinks, tau: 0.07 }, mask };
      const exp: SyntheticExperiment = {
        ...DEFAULT_EXPERIMENT,
        source: { ...DEFAULT_EXPERIMENT.source, seqLen: 67, heads: 2, headDim: 8, sinkPos: 3, seed: 21 },
        analysis,
        methods: [defaultMethod('softmax')],
        view: { ...DEFAULT_EXPERIMENT.view, diff: null },
      };
      const got = await gpuStats(exp);
      expect(got).toHaveLength(2);
      for (const g of got) {
        const c = cpuHeadStats(exp.source, g.head, analysis);
        expect(maxDiff(g.rowEntropy, c.rowEntropy)).toBeLessThan(1e-5);
        expect(Math.abs(g.meanNormEntropy - c.meanNormEntropy)).toBeLessThan(1e-5);
        expect(maxDiff(g.alpha, c.alpha)).toBeLessThan(1e-6);
        expect(g.sinks).toEqual(c.sinks);
        expect(maxDiff(g.sinkMass, c.sinkMass)).toBeLessThan(1e-5);
        const gm = g.mask;
        const cm = c.mask;
        if (!gm || !cm) throw new Error('mask missing');
        expect(maxDiff(gm.kept, cm.kept)).toBe(0);
        expect(maxDiff(gm.retained, cm.retained)).toBeLessThan(1e-5);
        expect(Math.abs(gm.sparsity - cm.sparsity)).toBeLessThan(1e-9);
        expect(gm.sparsity).toBeGreaterThan(0);
        expect(maxDiff(gm.vsDense.js, cm.js)).toBeLessThan(1e-5);
        expect(maxDiff(gm.vsDense.kl, cm.kl)).toBeLessThan(1e-4);
        expect(maxDiff(gm.vsDense.overlap, cm.overlap)).toBeLessThan(1e-6);
        expect(maxDiff(gm.vsDense.outDelta, cm.outDelta)).toBeLessThan(1e-4);
      }
      expect(liveBufferCount()).toBe(0);
    });
  }
});
