import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../engine/run';
import { liveBufferCount } from '../gpu/arena';
import { createKernels } from '../gpu/kernels';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { fullPlan, mapOnlyPlan } from '../schema/plan';
import { nodeDevice } from './nodeGpu';

/**
 * 1,000 runs in a row on Dawn leave the live GPU buffer count and the JS heap flat.
 * Every 10th run is a full run (statistics, thumbnails, masks), the rest fetch one map (as a head
 * click does); every 4th is aborted after its first chunk, so the early-exit path is counted too.
 * Small N and one head keep 1,000 runs inside CI time on SwiftShader.
 * Figures: `VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json npx vitest run src/testing/leak.gpu.test.ts`.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const RUNS = Number(process.env.LEAK_RUNS ?? 1000);
const MASKS = ['none', 'topk', 'window'] as const;

function small(i: number): Experiment {
  const e = DEFAULT_EXPERIMENT;
  return {
    ...e,
    source: { ...e.source, seed: i, seqLen: 4 + (i % 3) * 2, heads: 1 },
    analysis: { ...e.analysis, mask: { ...e.analysis.mask, kind: MASKS[i % MASKS.length] ?? 'none', k: 2, window: 3 } },
    view: { ...e.view, head: 0 },
  };
}

function heapMiB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

describe('1,000 runs in a row', () => {
  it('leave no GPU buffer alive and the JS heap flat', async () => {
    const kernels = await createKernels((await nodeDevice()).device);
    const before = liveBufferCount();
    const heap: number[] = [];
    let maxLive = 0;
    let chunks = 0;
    let aborted = 0;
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i++) {
      const exp = small(i);
      const controller = new AbortController();
      const abortEarly = i % 4 === 3;
      try {
        await runExperiment(kernels, exp, i % 10 === 0 ? fullPlan(exp) : mapOnlyPlan(exp), {
          runId: i,
          signal: controller.signal,
          emit: () => {
            chunks++;
            maxLive = Math.max(maxLive, liveBufferCount());
            if (abortEarly) controller.abort();
          },
        });
      } catch (e) {
        if (!(abortEarly && e instanceof Error && /superseded/.test(e.message))) throw e;
        aborted++;
      }
      expect(liveBufferCount()).toBe(before);
      if (i === Math.min(99, RUNS - 2) || i === RUNS - 1) heap.push(heapMiB()); // after warm-up, and at the end
    }
    const growth = (heap[1] ?? 0) - (heap[0] ?? 0);
    console.log(
      `leak: ${RUNS} runs (${aborted} aborted) in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${chunks} chunks; ` +
        `live GPU buffers before ${before}, after ${liveBufferCount()}, peak during a run ${maxLive}; ` +
        `JS heap after run 100 ${heap[0]?.toFixed(2)} MiB, after run ${RUNS} ${heap[1]?.toFixed(2)} MiB (growth ${growth.toFixed(2)} MiB)`,
    );
    expect(liveBufferCount()).toBe(before);
    expect(growth).toBeLessThan(2);
  }, 900_000);
});
