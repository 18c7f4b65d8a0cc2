/**
 * Inside a model, the map that multiplies V is the method's own map (docs/methods.md "Outputs"):
 * softmax₁ and sigmoid change the KJV model's loss, by exactly what their unnormalised rows give.
 */
import { describe, expect, it } from 'vitest';
import { forwardRef } from '../models/forwardRef';
import { attnScores } from '../reference/attnScores';
import { normalizeRows } from '../reference/normalizeRows';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { defaultMethod } from '../schema/methods';
import { nodeModels } from '../testing/nodeModels';
import { meanFinite } from './headSearch';
import { modelHead } from './modelHeads';
import { methodHookRef } from './modelRunCpu';

const TEXT = 'In the beginning God created the heaven and the earth.';

describe('a normaliser inside the model multiplies V by its own rows', () => {
  it('softmax₁ and sigmoid: loss = the forward pass with the unnormalised maps, and ≠ the plain loss', async () => {
    const lm = await nodeModels().load('kjv-baseline', () => undefined);
    const ids = lm.tokenizer.encode(TEXT, lm.model.config.bos);
    const n = ids.length;
    const exp: Experiment = { ...DEFAULT_EXPERIMENT, source: { kind: 'model', model: 'kjv-baseline', text: TEXT } };
    const plain = meanFinite(forwardRef(lm.model, ids).loss);
    for (const id of ['softmax1', 'sigmoid'] as const) {
      const hooked = meanFinite(forwardRef(lm.model, ids, { attend: methodHookRef(lm.model, exp, defaultMethod(id), n) }).loss);
      // The same pass written out: A = the normaliser's raw rows, no renormalisation.
      const byHand = meanFinite(forwardRef(lm.model, ids, {
        attend: (layer, qkv, x) => Array.from({ length: lm.model.config.nHead }, (_, head) => {
          const h = modelHead(lm.model, layer, head, n, { qkv, x }, false, false);
          const norm = id === 'sigmoid' ? { mode: 'sigmoid' as const, bias: -Math.log(n) } : { mode: 'softmax1' as const };
          return { p: normalizeRows(attnScores(h.q, h.k, n, h.d), n, norm), v: h.v };
        }),
      }).loss);
      expect(hooked, id).toBeCloseTo(byHand, 9);
      expect(Math.abs(hooked - plain), `${id} changes the loss`).toBeGreaterThan(0.1);
    }
  });
});
