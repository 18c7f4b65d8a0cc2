import { describe, expect, it } from 'vitest';
import type { MapChunk } from '../schema/chunk';
import { DEFAULT_EXPERIMENT } from '../schema/experiment';
import { defaultMethod } from '../schema/methods';
import { createLabStore } from './store';

const map = (runId: number, pane: number): MapChunk => ({
  kind: 'map', runId, pane, layer: 0, head: 0, purpose: 'full', reduce: 'max', tile: 1, rows: 2, cols: 2,
  data: new Float32Array([1, 0, 0.5, 0.5]), origin: { q: 0, k: 0 }, extent: { q: 2, k: 2 },
});

describe('a rerun keeps the last results on screen', () => {
  it('keeps each pane’s map (matched by method) until the new run replaces it', () => {
    const store = createLabStore({ ...DEFAULT_EXPERIMENT, methods: [defaultMethod('softmax'), defaultMethod('act')] });
    store.getState().beginRun(1, true);
    store.getState().applyChunk(map(1, 0));
    store.getState().applyChunk(map(1, 1));
    const [m0, m1] = store.getState().results.full;
    // A pane inserted in front: the softmax and ACT panes keep their maps at their new places.
    store.getState().setMethods([defaultMethod('temperature'), defaultMethod('softmax'), defaultMethod('act')]);
    store.getState().beginRun(2, true);
    const r = store.getState().results;
    expect(r.full[1]).toBe(m0);
    expect(r.full[2]).toBe(m1);
    expect(r.staleBefore).toBe(2);
    expect(r.full[1]!.runId).toBeLessThan(r.staleBefore); // drawn dimmed
    store.getState().applyChunk(map(2, 1));
    expect(store.getState().results.full[1]!.runId).toBe(2);
  });

  it('says "running" as soon as a run is pending, and settles when none follows', () => {
    const store = createLabStore();
    store.getState().markPending();
    expect(store.getState().results.status).toBe('running');
    store.getState().settle();
    expect(store.getState().results.status).toBe('done');
  });
});
