/**
 * The σReparam pane is a lab rescale of trained weights (docs/methods.md "σReparam"): by default
 * γ = σ(W), which changes nothing, so the σReparam-trained model keeps its learned γ and its loss.
 */
import { describe, expect, it } from 'vitest';
import { forwardRef } from '../models/forwardRef';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { defaultMethod, type MethodSpec } from '../schema/methods';
import { nodeModels } from '../testing/nodeModels';
import { meanFinite } from './headSearch';
import { methodHookRef } from './modelRunCpu';

const TEXT = 'In the beginning God created the heaven and the earth.';

describe('σReparam rescale on the σReparam-trained model', () => {
  it('default γ = σ(W) keeps the learned γ: the loss is the model\'s own; γ = 1 (set) throws it away', async () => {
    const lm = await nodeModels().load('kjv-sigma', () => undefined);
    const ids = lm.tokenizer.encode(TEXT, lm.model.config.bos);
    const exp: Experiment = { ...DEFAULT_EXPERIMENT, source: { kind: 'model', model: 'kjv-sigma', text: TEXT } };
    const loss = (m: MethodSpec) => meanFinite(forwardRef(lm.model, ids, { attend: methodHookRef(lm.model, exp, m, ids.length) }).loss);
    const plain = meanFinite(forwardRef(lm.model, ids).loss);
    const keep = loss({ id: 'sigma', params: { ...defaultMethod('sigma').params, iters: 20 } });
    const unit = loss({ id: 'sigma', params: { ...defaultMethod('sigma').params, iters: 20, gamma: 'set', gq: 1, gk: 1 } });
    console.log(`kjv-sigma: plain ${plain.toFixed(4)}, rescale γ = σ(W) ${keep.toFixed(4)}, γ = 1 ${unit.toFixed(4)}`);
    expect(Math.abs(keep - plain)).toBeLessThan(1e-5);
    expect(unit - plain).toBeGreaterThan(0.5);
  });
});
