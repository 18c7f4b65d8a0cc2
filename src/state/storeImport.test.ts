import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type ImportSource } from '../schema/experiment';
import { defaultMethod } from '../schema/methods';
import { createLabStore } from './store';

const SRC: ImportSource = { kind: 'import', name: 'qk.safetensors', layers: 2, heads: 4, seqLen: 20, headDim: 8, hasV: false, maps: false };

describe('store: imports', () => {
  it('loadImport runs on the import, removes panes that cannot run on it with a notice, and switching back restores the synthetic source', () => {
    const store = createLabStore({ ...DEFAULT_EXPERIMENT, methods: [defaultMethod('softmax'), defaultMethod('sigma'), defaultMethod('act')] });
    expect(store.getState().loadImport(SRC)).toEqual([]);
    const s = store.getState();
    expect(s.experiment.source).toEqual(SRC);
    expect(s.experiment.methods.map((m) => m.id)).toEqual(['softmax', 'act']);
    expect(s.notices[0]?.message).toMatch(/sigma pane was removed: σReparam/);
    expect(s.setMethods([defaultMethod('softmax'), defaultMethod('sigma')])[0]?.message).toMatch(/σReparam/);
    expect(store.getState().experiment.methods.map((m) => m.id)).toEqual(['softmax', 'act']); // kept
    store.getState().setSourceKind('synthetic');
    expect(store.getState().experiment.source).toEqual(DEFAULT_EXPERIMENT.source);
    store.getState().setSourceKind('import');
    expect(store.getState().experiment.source).toEqual(SRC);
  });

  it('a refused drop keeps the experiment and shows why; "import" with nothing imported changes nothing', () => {
    const store = createLabStore();
    expect(store.getState().setSourceKind('import')).toEqual([]);
    expect(store.getState().experiment).toBe(DEFAULT_EXPERIMENT);
    store.getState().failImport('safetensors: header length 1 is too small');
    expect(store.getState().experiment).toBe(DEFAULT_EXPERIMENT);
    expect(store.getState().notices).toEqual([{ field: 'import', message: 'safetensors: header length 1 is too small' }]);
  });
});
