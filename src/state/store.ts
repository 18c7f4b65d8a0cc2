import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AdapterReport, Chunk, MapChunk, StatsChunk } from '../schema/chunk';
import type { LabErrorInfo } from '../schema/errors';
import type { MaskSettings, SinkSettings } from '../schema/analysis';
import {
  DEFAULT_EXPERIMENT,
  type Experiment,
  type SyntheticSource,
  type ViewState,
} from '../schema/experiment';
import { validateExperiment, type Issue } from '../schema/validate';

/** Results of the current run, per head (layer 0). Replaced when the source changes. */
export interface ResultsSlice {
  readonly runId: number;
  readonly stats: readonly (StatsChunk | undefined)[];
  readonly thumbs: readonly (MapChunk | undefined)[];
  readonly full: MapChunk | null;
  /** Kept fraction of the sparsity mask per tile of `full`, when a mask is set. */
  readonly maskMap: MapChunk | null;
  readonly progress: { readonly done: number; readonly total: number };
  readonly status: 'idle' | 'running' | 'done' | 'error';
  /** Wall time of the last finished run, ms, measured in the worker. */
  readonly ms: number | null;
}

export interface GpuSlice {
  readonly status: 'pending' | 'ready' | 'error';
  readonly adapter: AdapterReport | null;
  readonly error: LabErrorInfo | null;
}

export interface LabState {
  readonly experiment: Experiment;
  readonly results: ResultsSlice;
  readonly gpu: GpuSlice;
  /** Problems to show the user (a bad link, a failed run); the last good experiment stays. */
  readonly notices: readonly Issue[];

  setSource(patch: Partial<SyntheticSource>): Issue[];
  setSinks(patch: Partial<SinkSettings>): Issue[];
  setMask(patch: Partial<MaskSettings>): Issue[];
  setView(patch: Partial<Omit<ViewState, 'head' | 'layer'>>): Issue[];
  selectHead(head: number): void;
  loadExperiment(exp: Experiment): void;
  beginRun(runId: number, fresh: boolean): void;
  applyChunk(chunk: Chunk): void;
  finishRun(runId: number, ms: number): void;
  failRun(runId: number, error: LabErrorInfo): void;
  setGpu(gpu: GpuSlice): void;
  setNotices(notices: Issue[]): void;
}

export type LabStore = StoreApi<LabState>;

function emptyResults(heads: number): ResultsSlice {
  return {
    runId: 0,
    stats: new Array(heads).fill(undefined),
    thumbs: new Array(heads).fill(undefined),
    full: null,
    maskMap: null,
    progress: { done: 0, total: heads },
    status: 'idle',
    ms: null,
  };
}

function withIndex<T>(arr: readonly T[], i: number, v: T): T[] {
  const out = arr.slice();
  out[i] = v;
  return out;
}

/** One vanilla store of slices; React reads it with narrow selectors (see useLab.ts). */
export function createLabStore(initial: Experiment = DEFAULT_EXPERIMENT): LabStore {
  return createStore<LabState>()((set, get) => {
  /** Validates a whole candidate experiment; applies it, or keeps the current one and shows why. */
  const apply = (next: Experiment): Issue[] => {
    const checked = validateExperiment(next);
    if (!checked.ok) {
      set({ notices: checked.issues });
      return checked.issues;
    }
    set({ experiment: checked.value, notices: [] });
    return [];
  };
  return {
    experiment: initial,
    results: emptyResults(initial.source.heads),
    gpu: { status: 'pending', adapter: null, error: null },
    notices: [],

    setSource(patch) {
      const cur = get().experiment;
      const source = { ...cur.source, ...patch };
      if (source.sinkPos !== null && source.sinkPos >= source.seqLen) source.sinkPos = source.seqLen - 1;
      const view = { ...cur.view, head: Math.min(cur.view.head, source.heads - 1) };
      return apply({ ...cur, source, view });
    },

    setSinks(patch) {
      const cur = get().experiment;
      return apply({ ...cur, analysis: { ...cur.analysis, sinks: { ...cur.analysis.sinks, ...patch } } });
    },

    setMask(patch) {
      const cur = get().experiment;
      return apply({ ...cur, analysis: { ...cur.analysis, mask: { ...cur.analysis.mask, ...patch } } });
    },

    setView(patch) {
      const cur = get().experiment;
      return apply({ ...cur, view: { ...cur.view, ...patch } });
    },

    selectHead(head) {
      const cur = get().experiment;
      if (head < 0 || head >= cur.source.heads || head === cur.view.head) return;
      set({ experiment: { ...cur, view: { ...cur.view, head } } });
    },

    loadExperiment(exp) {
      set({ experiment: exp, notices: [] });
    },

    beginRun(runId, fresh) {
      const heads = get().experiment.source.heads;
      set((s) => ({
        results: fresh
          ? { ...emptyResults(heads), runId, status: 'running' }
          : { ...s.results, runId, status: 'running' },
      }));
    },

    applyChunk(chunk) {
      const r = get().results;
      if (chunk.runId !== r.runId) return; // stale
      if (chunk.kind === 'stats') {
        set({ results: { ...r, stats: withIndex(r.stats, chunk.head, chunk) } });
      } else if (chunk.kind === 'map') {
        if (chunk.purpose === 'thumb') set({ results: { ...r, thumbs: withIndex(r.thumbs, chunk.head, chunk) } });
        else if (chunk.purpose === 'mask') set({ results: { ...r, maskMap: chunk } });
        else set({ results: { ...r, full: chunk, maskMap: null } });
      } else {
        set({ results: { ...r, progress: { done: chunk.done, total: chunk.total } } });
      }
    },

    finishRun(runId, ms) {
      const r = get().results;
      if (runId === r.runId) set({ results: { ...r, status: 'done', ms } });
    },

    failRun(runId, error) {
      const r = get().results;
      if (runId !== r.runId) return;
      set({ results: { ...r, status: 'error' }, notices: [{ field: error.kind, message: error.message }] });
    },

    setGpu(gpu) {
      set({ gpu });
    },

    setNotices(notices) {
      set({ notices });
    },
  };
  });
}
