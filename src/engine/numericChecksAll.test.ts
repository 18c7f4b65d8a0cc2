import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { METHOD_IDS, defaultMethod } from '../schema/methods';
import { fullPlan } from '../schema/plan';
import { runExperimentCpu } from './cpuRun';
import { checkChunk } from './numericChecks';

describe('the numeric checks pass every method on sane inputs', () => {
  it('no false alarm: each method against softmax, with and without a sink, on the CPU engine', async () => {
    for (const id of METHOD_IDS) {
      for (const sinkStrength of [0, 12]) {
        const exp = { ...DEFAULT_EXPERIMENT, source: { ...DEFAULT_EXPERIMENT.source, seqLen: 24, heads: 2, sinkStrength, weightScale: 8 }, methods: [defaultMethod('softmax'), defaultMethod(id)] } as Experiment;
        await expect(runExperimentCpu(exp, fullPlan(exp), { runId: 1, signal: new AbortController().signal, emit: (c) => checkChunk(exp, c) }), `${id} ss=${sinkStrength}`).resolves.toBeUndefined();
      }
    }
  }, 60_000);
});
