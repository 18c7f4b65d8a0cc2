import { describe, expect, it } from 'vitest';
import { createKernels } from '../gpu/kernels';
import { readImport } from '../models/importTensors';
import { writeSafetensors } from '../models/safetensors';
import type { Chunk } from '../schema/chunk';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { defaultMethod } from '../schema/methods';
import { fullPlan } from '../schema/plan';
import { randomQkv } from '../testing/importFixture';
import { nodeDevice } from '../testing/nodeGpu';
import { missingImport, sameImport } from './importRun';
import { checkChunk } from './numericChecks';
import { runExperiment } from './run';

describe('numbers that overflowed are reported on the GPU too', () => {
  it('imported Q/K of 3e38 overflow float32 scores on the GPU: the checks stop the run with a message', async () => {
    const { q } = randomQkv(1, 1, 8, 4);
    const big = { data: q.data.map((x) => (x >= 0 ? 3e38 : -3e38)), shape: q.shape };
    const t = readImport([{ name: 'qk.safetensors', bytes: writeSafetensors({ q: big, k: big }) }]);
    const exp: Experiment = { ...DEFAULT_EXPERIMENT, source: t.source, methods: [defaultMethod('softmax'), defaultMethod('act')] } as Experiment;
    const { device } = await nodeDevice();
    const kernels = await createKernels(device);
    const run = runExperiment(kernels, exp, fullPlan(exp), {
      runId: 1, signal: new AbortController().signal, emit: (c: Chunk) => checkChunk(exp, c),
      imports: { get: (src) => (sameImport(t.source, src) ? t : (() => { throw missingImport(src); })()) },
    });
    await expect(run).rejects.toMatchObject({ kind: 'numeric', message: expect.stringMatching(/^Pane 1 \(softmax\), layer 0, head 0: .*overflow of float32/) });
  });
});
