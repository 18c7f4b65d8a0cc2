import { describe, expect, it } from 'vitest';
import type { StatsChunk } from '../schema/chunk';
import { asSynthetic } from '../schema/experiment';
import { createLabStore } from './store';

const stats = (runId: number, head: number): StatsChunk => ({
  kind: 'stats',
  runId,
  pane: 0,
  layer: 0,
  head,
  rowEntropy: new Float32Array([0, 1]),
  meanEntropy: 0.5,
  meanEntropyFrom1: 1,
  meanNormEntropy: 1,
  alpha: new Float32Array([1, 0.5]),
  sinks: { detected: [0, 1], exempt: 0, calibrated: [1], nonInitial: [1], gu: [0, 1], relative: [] },
  sinkMass: new Float32Array([1, 1]),
  meanSinkMass: 1,
  mask: null,
  rowMax: new Float32Array([1, 0.5]),
  vsBase: null,
  extras: null,
});

describe('lab store', () => {
  it('drops chunks of a superseded run', () => {
    const store = createLabStore();
    store.getState().beginRun(1, true);
    store.getState().beginRun(2, true);
    store.getState().applyChunk(stats(1, 0));
    expect(store.getState().results.stats[0]?.[0]).toBeUndefined();
    store.getState().applyChunk(stats(2, 0));
    expect(store.getState().results.stats[0]?.[0]?.runId).toBe(2);
  });

  it('refuses an invalid source change with messages and keeps the last good experiment', () => {
    const store = createLabStore();
    const before = store.getState().experiment;
    const issues = store.getState().setSource({ seqLen: 0 });
    expect(issues[0]?.field).toBe('source.seqLen');
    expect(store.getState().experiment).toBe(before);
    expect(store.getState().notices).toEqual(issues);
  });

  it('clamps the sink and the selected head when N or H shrink', () => {
    const store = createLabStore();
    store.getState().setSource({ sinkPos: 40, seqLen: 48 });
    store.getState().selectHead(5);
    store.getState().setSource({ seqLen: 10, heads: 2 });
    expect(asSynthetic(store.getState().experiment).source.sinkPos).toBe(9);
    expect(store.getState().experiment.view.head).toBe(1);
  });

  it('a view-only run keeps the statistics already on screen', () => {
    const store = createLabStore();
    store.getState().beginRun(1, true);
    store.getState().applyChunk(stats(1, 3));
    store.getState().beginRun(2, false);
    expect(store.getState().results.stats[0]?.[3]?.head).toBe(3);
  });
});
