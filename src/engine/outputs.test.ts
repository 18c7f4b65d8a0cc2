/**
 * What multiplies V is the method's own map (docs/methods.md "Outputs"): every normaliser's output
 * O = A·V equals the published code's (official.json `outputs`) in the float64 twin, and a
 * renormalised V-side map fails here.
 */
import { describe, expect, it } from 'vitest';
import { defaultMethod, type MethodSpec } from '../schema/methods';
import { headFromScores, maxDiff, NORMALISERS, official, officialOutput, outputOf, type Case } from '../testing/officialOutputs';
import { cpuPaneMap } from './cpuStats';

describe('every normaliser\'s output O = A·V equals the published code (official.json), float64 twin', () => {
  for (const c of official.outputs) {
    for (const id of NORMALISERS) {
      it(`${id}, n = ${c.n}: O to 1e-6, and the V-side map's row mass`, () => {
        const inp = headFromScores(c);
        const pm = cpuPaneMap(inp, defaultMethod(id) as MethodSpec);
        expect(maxDiff(outputOf(pm.a, inp.v, c.n, c.dv), officialOutput(c, id))).toBeLessThan(1e-6);
        const mass = Array.from({ length: c.n }, (_, i) => pm.a.subarray(i * c.n, i * c.n + c.n).reduce((s, x) => s + x, 0));
        expect(maxDiff(mass, c[id].rowMass)).toBeLessThan(1e-6);
      });
    }
  }

  it('a renormalised V-side map would not pass: softmax₁ and sigmoid rows really sum to ≠ 1', () => {
    const c = official.outputs[2] as Case;
    const inp = headFromScores(c);
    for (const id of ['softmax1', 'sigmoid'] as const) {
      const pm = cpuPaneMap(inp, defaultMethod(id) as MethodSpec);
      // The displayed map P is renormalised (entropy, α); its output is not the method's.
      expect(maxDiff(outputOf(pm.p, inp.v, c.n, c.dv), officialOutput(c, id))).toBeGreaterThan(1e-3);
      expect(pm.a).not.toBe(pm.p);
    }
  });
});
