import { describe, expect, it } from 'vitest';
import type { Chunk, StatsChunk } from '../schema/chunk';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { defaultMethod } from '../schema/methods';
import { fullPlan } from '../schema/plan';
import { CPU_MAX_SEQ, runExperimentCpu } from './cpuRun';

const exp: Experiment = {
  ...DEFAULT_EXPERIMENT,
  source: { ...DEFAULT_EXPERIMENT.source, seqLen: 20, heads: 2, headDim: 8, modelDim: 16 },
  analysis: { ...DEFAULT_EXPERIMENT.analysis, mask: { ...DEFAULT_EXPERIMENT.analysis.mask, kind: 'topk', k: 3 } },
  methods: [defaultMethod('softmax'), defaultMethod('act'), defaultMethod('sigmoid')],
};

async function run(e: Experiment) {
  const chunks: Chunk[] = [];
  await runExperimentCpu(e, fullPlan(e), { runId: 3, signal: new AbortController().signal, emit: (c) => void chunks.push(c) });
  return chunks;
}

describe('the CPU engine (no WebGPU) streams the same kinds of chunks as the GPU engine', () => {
  it('stats for every pane and head, then thumbnails, then the selected maps and mask veils', async () => {
    const chunks = await run(exp);
    const stats = chunks.filter((c): c is StatsChunk => c.kind === 'stats');
    expect(stats.map((s) => `${s.head}.${s.pane}`)).toEqual(['0.0', '0.1', '0.2', '1.0', '1.1', '1.2']);
    for (const s of stats) {
      expect(s.rowEntropy).toBeInstanceOf(Float32Array);
      expect(s.mask?.sparsity).toBeGreaterThan(0);
      expect(s.pane === 0 ? s.vsBase : s.vsBase?.meanJS).not.toBeUndefined();
    }
    expect(stats[1]?.extras?.kind).toBe('act');
    expect(stats[2]?.extras?.kind).toBe('normaliser');
    const maps = chunks.filter((c) => c.kind === 'map').map((c) => (c.kind === 'map' ? `${c.purpose}${c.pane}` : ''));
    expect(maps.filter((m) => m.startsWith('full'))).toEqual(['full0', 'full1', 'full2']);
    expect(maps.filter((m) => m.startsWith('mask'))).toHaveLength(3);
  });

  it('refuses N beyond its limit with a message that says what to do', async () => {
    const big = { ...exp, source: { ...exp.source, seqLen: CPU_MAX_SEQ + 1 } };
    await expect(run(big)).rejects.toThrow(/WebGPU/);
  });
});
