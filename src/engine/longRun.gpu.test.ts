import { describe, expect, it } from 'vitest';
import { liveBufferCount } from '../gpu/arena';
import { createKernels } from '../gpu/kernels';
import type { Chunk, MapChunk, StatsChunk } from '../schema/chunk';
import { DEFAULT_EXPERIMENT, type SyntheticExperiment } from '../schema/experiment';
import { defaultMethod } from '../schema/methods';
import { fullPlan } from '../schema/plan';
import { nodeDevice } from '../testing/nodeGpu';
import { cpuHeadStats } from './cpuStats';
import { LONG_N, longContextProblem } from './longRun';
import { runExperiment } from './run';

describe('long contexts take the fused path', () => {
  it(`N = ${LONG_N + 77}: entropies and α equal the twin, the map is screen-sized, no N² per head`, async () => {
    const k = await createKernels((await nodeDevice()).device);
    const exp: SyntheticExperiment = {
      ...DEFAULT_EXPERIMENT,
      source: { ...DEFAULT_EXPERIMENT.source, seqLen: LONG_N + 77, heads: 2, headDim: 4, modelDim: 8, sinkPos: 0 },
      methods: [defaultMethod('softmax')],
      view: { ...DEFAULT_EXPERIMENT.view, head: 1, diff: null, zoom: { q0: 100, q1: 400, k0: 0, k1: 300 } },
    };
    const chunks: Chunk[] = [];
    await runExperiment(k, exp, fullPlan(exp), { runId: 1, signal: new AbortController().signal, emit: (c) => void chunks.push(c) });
    const stats = chunks.filter((c): c is StatsChunk => c.kind === 'stats');
    expect(stats.map((s) => s.head)).toEqual([0, 1]);
    const twin = cpuHeadStats(exp.source, 1, exp.analysis);
    const s1 = stats[1] as StatsChunk;
    expect(Math.abs(s1.meanEntropy - twin.meanEntropy)).toBeLessThan(1e-5);
    s1.alpha.forEach((a, j) => expect(Math.abs(a - (twin.alpha[j] as number))).toBeLessThan(1e-5));
    expect(s1.sinks).toEqual(twin.sinks);
    expect(Math.abs(s1.meanSinkMass - twin.meanSinkMass)).toBeLessThan(1e-4); // selected head: from its map
    expect(Number.isNaN((stats[0] as StatsChunk).meanSinkMass)).toBe(true); // other heads keep no map
    const full = chunks.find((c): c is MapChunk => c.kind === 'map' && c.purpose === 'full');
    expect(full?.origin).toEqual({ q: 100, k: 0 });
    expect(full?.tile).toBe(1);
    expect(full?.data[(250 - 100) * 300 + 0]).toBeCloseTo(twin.p[250 * exp.source.seqLen] as number, 6);
    expect(chunks.filter((c) => c.kind === 'map' && c.purpose === 'thumb')).toHaveLength(2);
    expect(liveBufferCount()).toBe(0);
  });

  it('explains what it cannot do yet', () => {
    const long = { ...DEFAULT_EXPERIMENT, source: { ...DEFAULT_EXPERIMENT.source, seqLen: 4096 } };
    expect(longContextProblem(long)).toMatch(/softmax panes only/);
    expect(longContextProblem({ ...long, methods: [defaultMethod('softmax')] })).toBeNull();
  });
});
