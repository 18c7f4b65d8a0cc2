import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AdapterReport, Chunk, MapChunk, PerfChunk, StatsChunk, SweepChunk } from '../schema/chunk';
import type { LabErrorInfo } from '../schema/errors';
import type { MaskSettings, SinkSettings } from '../schema/analysis';
import type { MethodSpec } from '../schema/methods';
import {
  DEFAULT_EXPERIMENT,
  type Experiment,
  type SyntheticSource,
  type ViewState,
  type Zoom,
} from '../schema/experiment';
import { validateExperiment, type Issue } from '../schema/validate';

type PerHead<T> = readonly (T | undefined)[];

/** Results of the current run, per pane and head (layer 0). Replaced when the experiment changes. */
export interface ResultsSlice {
  readonly runId: number;
  /** stats[pane][head] */
  readonly stats: readonly PerHead<StatsChunk>[];
  /** thumbs[pane][head] */
  readonly thumbs: readonly PerHead<MapChunk>[];
  /** The selected head's large map, per pane. */
  readonly full: readonly (MapChunk | null)[];
  /** Kept fraction of the sparsity mask per tile of `full`, per pane, when a mask is set. */
  readonly maskMap: readonly (MapChunk | null)[];
  /** Entropy against weight scale for the selected head (with a σReparam pane). */
  readonly sweep: SweepChunk | null;
  /** Time per kernel and memory of the last finished run. */
  readonly perf: PerfChunk | null;
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
  /** Step of the guided tour on screen, or null when it is closed. Not part of the link. */
  readonly tourStep: number | null;

  setSource(patch: Partial<SyntheticSource>): Issue[];
  setSinks(patch: Partial<SinkSettings>): Issue[];
  setMask(patch: Partial<MaskSettings>): Issue[];
  setView(patch: Partial<Omit<ViewState, 'head' | 'layer'>>): Issue[];
  /** Zooms every pane's map to a region (null: the whole map). */
  setZoom(zoom: Zoom | null): Issue[];
  /** Replaces the panes (add, remove, reorder, duplicate, change parameters). */
  setMethods(methods: readonly MethodSpec[]): Issue[];
  selectHead(head: number): void;
  loadExperiment(exp: Experiment): void;
  beginRun(runId: number, fresh: boolean): void;
  applyChunk(chunk: Chunk): void;
  finishRun(runId: number, ms: number): void;
  failRun(runId: number, error: LabErrorInfo): void;
  setGpu(gpu: GpuSlice): void;
  setNotices(notices: Issue[]): void;
  setTourStep(step: number | null): void;
}

export type LabStore = StoreApi<LabState>;

function emptyResults(exp: Experiment): ResultsSlice {
  const panes = exp.methods.length;
  const heads = exp.source.heads;
  const grid = () => Array.from({ length: panes }, () => new Array<undefined>(heads).fill(undefined));
  return {
    runId: 0,
    stats: grid(),
    thumbs: grid(),
    full: new Array<null>(panes).fill(null),
    maskMap: new Array<null>(panes).fill(null),
    sweep: null,
    perf: null,
    progress: { done: 0, total: heads * panes },
    status: 'idle',
    ms: null,
  };
}

function withIndex<T>(arr: readonly T[], i: number, v: T): T[] {
  const out = arr.slice();
  out[i] = v;
  return out;
}

function withCell<T>(grid: readonly PerHead<T>[], pane: number, head: number, v: T): PerHead<T>[] {
  return withIndex(grid, pane, withIndex(grid[pane] ?? [], head, v));
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
    results: emptyResults(initial),
    gpu: { status: 'pending', adapter: null, error: null },
    notices: [],
    tourStep: null,

    setSource(patch) {
      const cur = get().experiment;
      const source = { ...cur.source, ...patch };
      if (source.sinkPos !== null && source.sinkPos >= source.seqLen) source.sinkPos = source.seqLen - 1;
      const z = cur.view.zoom;
      const zoom = z && z.q1 <= source.seqLen && z.k1 <= source.seqLen ? z : null;
      const view = { ...cur.view, head: Math.min(cur.view.head, source.heads - 1), zoom };
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

    setMethods(methods) {
      const cur = get().experiment;
      const panes = methods.length;
      const diff = cur.view.diff && cur.view.diff[0] < panes && cur.view.diff[1] < panes
        ? cur.view.diff
        : panes >= 2 ? ([1, 0] as const) : null;
      return apply({ ...cur, methods, view: { ...cur.view, pane: Math.min(cur.view.pane, panes - 1), diff } });
    },

    setZoom(zoom) {
      const cur = get().experiment;
      return apply({ ...cur, view: { ...cur.view, zoom } });
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
      set((s) => ({
        results: fresh
          ? { ...emptyResults(s.experiment), runId, status: 'running' }
          : { ...s.results, runId, status: 'running' },
      }));
    },

    applyChunk(chunk) {
      const r = get().results;
      if (chunk.runId !== r.runId) return; // stale
      if (chunk.kind === 'stats') {
        set({ results: { ...r, stats: withCell(r.stats, chunk.pane, chunk.head, chunk) } });
      } else if (chunk.kind === 'map') {
        if (chunk.purpose === 'thumb') set({ results: { ...r, thumbs: withCell(r.thumbs, chunk.pane, chunk.head, chunk) } });
        else if (chunk.purpose === 'mask') set({ results: { ...r, maskMap: withIndex(r.maskMap, chunk.pane, chunk) } });
        else set({ results: { ...r, full: withIndex(r.full, chunk.pane, chunk), maskMap: withIndex(r.maskMap, chunk.pane, null) } });
      } else if (chunk.kind === 'sweep') {
        set({ results: { ...r, sweep: chunk } });
      } else if (chunk.kind === 'perf') {
        set({ results: { ...r, perf: chunk } });
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

    setTourStep(tourStep) {
      set({ tourStep });
    },
  };
  });
}
