import { describe, expect, it } from 'vitest';
import { liveBufferCount } from '../gpu/arena';
import { createKernels, type Kernels } from '../gpu/kernels';
import { attnScores } from '../reference/attnScores';
import { entropyMeans, rowEntropy } from '../reference/rowEntropy';
import { mapTiles } from '../reference/mapTiles';
import { softmaxRows } from '../reference/softmaxRows';
import type { Chunk, MapChunk, StatsChunk } from '../schema/chunk';
import { DEFAULT_EXPERIMENT, type Experiment, type SyntheticExperiment } from '../schema/experiment';
import { defaultMethod } from '../schema/methods';
import { fullPlan, mapOnlyPlan } from '../schema/plan';
import { nodeDevice } from '../testing/nodeGpu';
import { FULL_SIDE, THUMB_SIDE, runExperiment, tileFor } from './run';
import { generateHead } from './synthetic';

let kernelsP: Promise<Kernels> | null = null;
const kernels = () => (kernelsP ??= nodeDevice().then(({ device }) => createKernels(device)));

/** A single softmax pane, so chunk counts are per head. */
function experiment(patch: Partial<SyntheticExperiment['source']>, head = 0): SyntheticExperiment {
  return {
    ...DEFAULT_EXPERIMENT,
    source: { ...DEFAULT_EXPERIMENT.source, ...patch },
    methods: [defaultMethod('softmax')],
    view: { ...DEFAULT_EXPERIMENT.view, head, diff: null },
  };
}

async function collect(exp: Experiment, plan = fullPlan(exp), signal = new AbortController().signal) {
  const chunks: Chunk[] = [];
  await runExperiment(await kernels(), exp, plan, { runId: 1, signal, emit: (c) => void chunks.push(c) });
  return chunks;
}

function twinMap(exp: SyntheticExperiment, head: number): Float64Array {
  const { q, k } = generateHead(exp.source, head);
  const { seqLen: n, headDim: d } = exp.source;
  return softmaxRows(attnScores(q, k, n, d), n);
}

describe('runExperiment on Dawn streams what the twins compute', () => {
  it('per-head entropies and the selected map match the float64 twin', async () => {
    const exp = experiment({ seqLen: 70, heads: 3, headDim: 12, sinkPos: 9, seed: 5 }, 2);
    const chunks = await collect(exp);
    const stats = chunks.filter((c): c is StatsChunk => c.kind === 'stats');
    expect(stats.map((s) => s.head)).toEqual([0, 1, 2]);
    for (const s of stats) {
      const h = rowEntropy(twinMap(exp, s.head), 70);
      expect(Math.abs(s.meanEntropy - entropyMeans(h).all)).toBeLessThan(1e-5);
      h.forEach((v, i) => expect(Math.abs((s.rowEntropy[i] as number) - v)).toBeLessThan(1e-5));
    }
    const full = chunks.find((c): c is MapChunk => c.kind === 'map' && c.purpose === 'full');
    expect(full?.head).toBe(2);
    expect(full?.tile).toBe(1);
    const want = twinMap(exp, 2);
    full?.data.forEach((v, x) => expect(Math.abs(v - (want[x] as number))).toBeLessThan(1e-6));
    expect(chunks.at(-2)).toBe(full); // the large map comes last, then the performance report
    const perf = chunks.at(-1);
    expect(perf?.kind).toBe('perf');
    if (perf?.kind === 'perf') {
      expect(perf.peakBytes).toBeGreaterThanOrEqual(2 * 70 * 70 * 4); // at least S and P of one head
      expect(perf.passes).toBeGreaterThan(0);
      expect(perf.readbacks).toBeGreaterThan(0);
      expect(perf.kernels.map((x) => x.label)).toContain('attnScores');
      expect(perf.kernels.find((x) => x.label === 'attnScores')?.calls).toBe(3);
    }
  });

  it('statistics of every head arrive before the large map; thumbnails are tile-reduced', async () => {
    const exp = experiment({ seqLen: 100, heads: 2, headDim: 8 });
    const chunks = await collect(exp);
    const thumb = chunks.find((c): c is MapChunk => c.kind === 'map' && c.purpose === 'thumb');
    expect(thumb?.tile).toBe(tileFor(100, THUMB_SIDE));
    const ref = mapTiles(twinMap(exp, 0), 100, tileFor(100, THUMB_SIDE), 'max');
    thumb?.data.forEach((v, x) => expect(Math.abs(v - (ref.data[x] as number))).toBeLessThan(1e-6));
    const kinds = chunks.filter((c) => c.kind !== 'progress' && c.kind !== 'perf').map((c) => c.kind === 'map' ? c.purpose : c.kind);
    expect(kinds).toEqual(['stats', 'stats', 'thumb', 'thumb', 'full']);
  });

  it('a map-only plan sends just that head at screen resolution', async () => {
    const exp = experiment({ seqLen: 600, heads: 4, headDim: 4 }, 3);
    const chunks = await collect(exp, mapOnlyPlan(exp));
    const maps = chunks.filter((c): c is MapChunk => c.kind === 'map');
    expect(maps).toHaveLength(1);
    expect(maps[0]?.head).toBe(3);
    expect(maps[0]?.rows).toBeLessThanOrEqual(FULL_SIDE);
    expect(chunks.some((c) => c.kind === 'stats')).toBe(false);
  });

  it('an aborted run stops between heads and frees its buffers', async () => {
    const exp = experiment({ seqLen: 64, heads: 8 });
    const ctrl = new AbortController();
    const chunks: Chunk[] = [];
    const run = runExperiment(await kernels(), exp, fullPlan(exp), {
      runId: 1,
      signal: ctrl.signal,
      emit: (c) => {
        chunks.push(c);
        if (c.kind === 'stats' && c.head === 1) ctrl.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ kind: 'aborted' });
    expect(chunks.filter((c) => c.kind === 'stats').length).toBeLessThan(8);
    expect(liveBufferCount()).toBe(0);
  });
});
