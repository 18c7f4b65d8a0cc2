/** paneMap's V-side map on Dawn: every normaliser's O = A·V equals official.json to 1e-5. */
import { describe, expect, it } from 'vitest';
import { GpuArena, readF32 } from '../gpu/arena';
import { createKernels, type Kernels } from '../gpu/kernels';
import { defaultMethod, type MethodSpec } from '../schema/methods';
import { nodeDevice } from '../testing/nodeGpu';
import { headFromScores, maxDiff, NORMALISERS, official, officialOutput, outputOf } from '../testing/officialOutputs';
import { paneMap } from './paneMap';

let kernelsP: Promise<Kernels> | null = null;
const kernels = () => (kernelsP ??= nodeDevice().then(({ device }) => createKernels(device)));

describe('every normaliser\'s output on the GPU equals the published code (official.json)', () => {
  for (const c of official.outputs) {
    it(`n = ${c.n}: softmax, softmax₁, sigmoid O to 1e-5; the displayed P is not what multiplies V`, async () => {
      const k = await kernels();
      const inp = headFromScores(c);
      for (const id of NORMALISERS) {
        const arena = new GpuArena(k.device);
        try {
          const pm = await paneMap(k, arena, inp, defaultMethod(id) as MethodSpec);
          const a = await readF32(k.device, pm.a, c.n * c.n);
          expect(maxDiff(outputOf(a, inp.v, c.n, c.dv), officialOutput(c, id)), id).toBeLessThan(1e-5);
          if (id !== 'softmax') {
            const p = await readF32(k.device, pm.p, c.n * c.n);
            expect(maxDiff(outputOf(p, inp.v, c.n, c.dv), officialOutput(c, id)), `${id} renormalised`).toBeGreaterThan(1e-3);
          }
        } finally {
          arena.destroy();
        }
      }
    });
  }
});
