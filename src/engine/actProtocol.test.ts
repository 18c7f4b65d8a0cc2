/**
 * ACT's protocol (docs/methods.md "ACT"): on a model, an ACT pane calibrates the searched set once
 * applied, else the selected head; the search scores heads on calibration text, never the shown
 * text, and reports the kept set on both.
 */
import { describe, expect, it } from 'vitest';
import { forwardRef } from '../models/forwardRef';
import type { Chunk, SearchChunk } from '../schema/chunk';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { defaultMethod, formatHeadSet, parseHeadSet, type MethodSpec } from '../schema/methods';
import { decodeExperiment, encodeExperiment } from '../url/codec';
import { nodeModels } from '../testing/nodeModels';
import { meanFinite, searchHeads, type Passes } from './headSearch';
import { actApplies, actPlan } from './methodPlan';
import { methodHookRef } from './modelRunCpu';

const act = (params: Record<string, string | number> = {}): MethodSpec => ({ id: 'act', params: { ...defaultMethod('act').params, ...params } });
const unit = (layer: number, head: number, selected: boolean, model: boolean) => ({ layer, head, selected, model });

describe('which heads an ACT pane calibrates', () => {
  it('auto: on a model the selected head until a set is applied, then exactly the set; on synthetic heads every head', () => {
    const auto = actPlan(act());
    expect(actApplies(auto, unit(2, 5, true, true))).toBe(true);
    expect(actApplies(auto, unit(2, 6, false, true))).toBe(false);
    expect(actApplies(auto, unit(0, 3, false, false))).toBe(true);
    const withSet = actPlan(act({ set: '2.6_3.1' }));
    expect(actApplies(withSet, unit(2, 6, false, true))).toBe(true);
    expect(actApplies(withSet, unit(3, 1, false, true))).toBe(true);
    expect(actApplies(withSet, unit(2, 5, true, true))).toBe(false);
    expect(actApplies(actPlan(act({ heads: 'all' })), unit(4, 4, false, true))).toBe(true);
    expect(actApplies(actPlan(act({ heads: 'selected' })), unit(0, 1, false, false))).toBe(false);
  });

  it('the link carries the applied set; a malformed set is reported', () => {
    const exp: Experiment = { ...DEFAULT_EXPERIMENT, methods: [defaultMethod('softmax'), act({ set: formatHeadSet([{ layer: 2, head: 6 }, { layer: 3, head: 1 }]) })] };
    const hash = encodeExperiment(exp);
    expect(hash).toContain('p1.set=2.6_3.1');
    const back = decodeExperiment(hash);
    expect(back.ok && back.experiment.methods[1]?.params.set).toBe('2.6_3.1');
    expect(encodeExperiment({ ...exp, methods: [defaultMethod('softmax'), act()] })).not.toContain('p1.set');
    const bad = decodeExperiment(hash.replace('2.6_3.1', '2.6_x'));
    expect(bad.ok).toBe(false);
    expect(parseHeadSet('')).toEqual([]);
  });

  it('inside the KJV model, a set calibrates exactly those heads (loss equals hooking them by hand)', async () => {
    const lm = await nodeModels().load('kjv-baseline', () => undefined);
    const text = 'In the beginning God created the heaven and the earth.';
    const ids = lm.tokenizer.encode(text, lm.model.config.bos);
    const n = ids.length;
    const exp: Experiment = { ...DEFAULT_EXPERIMENT, source: { kind: 'model', model: 'kjv-baseline', text }, view: { ...DEFAULT_EXPERIMENT.view, layer: 0, head: 0 } };
    const m = act({ tau: 0.2, beta: 0.3, set: '2.3_3.7' });
    const loss = (method: MethodSpec, only?: { layer: number; head: number }) =>
      meanFinite(forwardRef(lm.model, ids, { attend: methodHookRef(lm.model, exp, method, n, only) }).loss);
    const viaSet = loss(m);
    const hookOf = (o: { layer: number; head: number }) => methodHookRef(lm.model, exp, m, n, o);
    const h23 = hookOf({ layer: 2, head: 3 });
    const h37 = hookOf({ layer: 3, head: 7 });
    const byHand = meanFinite(forwardRef(lm.model, ids, { attend: (l, q, x) => (l === 2 ? h23(l, q, x) : l === 3 ? h37(l, q, x) : null) }).loss);
    expect(viaSet).toBeCloseTo(byHand, 6); // heads outside the set keep ACT's float32 copy of the map
    expect(Math.abs(viaSet - loss(act({ tau: 0.2, beta: 0.3, heads: 'all' })))).toBeGreaterThan(1e-4);
  });
});

describe('the head search scores heads on calibration text and reports the kept set on both texts', () => {
  it('keeps the heads whose calibration lowered the calibration loss; reports calibration and shown losses before/after', async () => {
    const calib = new Int32Array([1, 2, 3]);
    const shown = new Int32Array([9, 9]);
    const seen: string[] = [];
    // Calibrating head u changes the calibration loss by (u % 3 − 1)·0.01: heads 0, 3 lower it.
    const passes: Passes = {
      plain: async (ids) => (ids === shown ? 2 : 1),
      alone: async (ids, _m, u) => {
        seen.push(ids === shown ? 'shown' : 'calibration');
        return 1 + (((u.layer * 2 + u.head) % 3) - 1) * 0.01;
      },
      whole: async (ids, m) => {
        expect(m.params.set).toBe('0.0_1.1');
        return ids === shown ? 1.9 : 0.98;
      },
    };
    const out: Chunk[] = [];
    const exp: Experiment = { ...DEFAULT_EXPERIMENT, methods: [defaultMethod('softmax'), act()] };
    await searchHeads(passes, exp, 2, 2, { on: 'calibration', calibration: [calib], shown }, 1, { runId: 1, signal: new AbortController().signal, emit: (c) => void out.push(c) });
    expect(seen.every((s) => s === 'calibration')).toBe(true);
    const last = out.at(-1) as SearchChunk;
    expect(last.on).toBe('calibration');
    expect(last.result).toEqual({ set: '0.0_1.1', kept: 2, calibration: { base: 1, withSet: 0.98 }, shown: { base: 2, withSet: 1.9 } });
  });
});
