import { describe, expect, it } from 'vitest';
import { createKernels } from '../gpu/kernels';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { defaultMethod } from '../schema/methods';
import { nodeDevice } from '../testing/nodeGpu';
import { SWEEP_SCALES, entropySweep } from './sweep';

describe('entropy collapse sweep', () => {
  it('softmax collapses as the weights grow, σReparam stays flat, and the bound stays below softmax', async () => {
    const k = await createKernels((await nodeDevice()).device);
    const exp: Experiment = {
      ...DEFAULT_EXPERIMENT,
      source: { ...DEFAULT_EXPERIMENT.source, seqLen: 32, heads: 1, headDim: 8, modelDim: 16 },
      methods: [defaultMethod('softmax'), { id: 'sigma', params: { ...defaultMethod('sigma').params, gamma: 'set' } }],
    };
    const sweep = await entropySweep(k, exp, 1);
    if (!sweep) throw new Error('no sweep');
    const [soft, sigma] = sweep.entropy as [number[], number[]];
    expect(soft).toHaveLength(SWEEP_SCALES.length);
    expect(soft[0]).toBeGreaterThan(2 * (soft.at(-1) as number)); // collapse
    expect(Math.max(...sigma) - Math.min(...sigma)).toBeLessThan(1e-4); // scale-invariant
    sweep.bound.forEach((b, i) => expect(b).toBeLessThanOrEqual((soft[i] as number) + 1e-6));
    // σ(W_Q W_Kᵀ) grows with the square of the scale.
    const ratio = (sweep.sigmaQK.at(-1) as number) / (sweep.sigmaQK[0] as number);
    expect(ratio).toBeCloseTo((8 / 0.25) ** 2, 3);
  });
});
