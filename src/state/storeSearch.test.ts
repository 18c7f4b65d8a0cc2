import { describe, expect, it } from 'vitest';
import type { SearchChunk } from '../schema/chunk';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { defaultMethod } from '../schema/methods';
import { encodeExperiment } from '../url/codec';
import { createLabStore } from './store';

const EXP: Experiment = { ...DEFAULT_EXPERIMENT, source: { kind: 'model', model: 'kjv-baseline', text: 'In the beginning' }, methods: [defaultMethod('softmax'), defaultMethod('act')] };

describe('applying ACT\'s searched set', () => {
  it('writes the set into the pane (and so the link) and keeps the search on screen through the rerun', () => {
    const store = createLabStore();
    store.getState().loadExperiment(EXP);
    store.getState().beginRun(5, false);
    const chunk: SearchChunk = {
      kind: 'search', runId: 5, pane: 1, layers: 6, heads: 16, base: 1.44, delta: new Float32Array(96), done: 96, on: 'calibration', passages: 1,
      result: { set: '2.8_3.12', kept: 2, calibration: { base: 1.44, withSet: 1.43 }, shown: { base: 0.83, withSet: 0.82 } },
    };
    store.getState().applyChunk(chunk);
    const { methods } = store.getState().experiment;
    store.getState().setMethods(methods.map((m, i) => (i === 1 ? { ...m, params: { ...m.params, set: '2.8_3.12' } } : m)));
    expect(encodeExperiment(store.getState().experiment)).toContain('p1.set=2.8_3.12');
    store.getState().beginRun(6, true);
    expect(store.getState().results.search?.result?.set).toBe('2.8_3.12');
    // A different text is a different source: the old search goes.
    store.getState().loadExperiment({ ...store.getState().experiment, source: { kind: 'model', model: 'kjv-baseline', text: 'And God said' } });
    store.getState().beginRun(7, true);
    expect(store.getState().results.search).toBeNull();
  });
});
