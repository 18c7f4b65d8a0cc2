import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AdapterReport, Chunk, DownloadChunk, FamilyChunk, LossChunk, MapChunk, ModelChunk, PerfChunk, SearchChunk, StatsChunk, SweepChunk } from '../schema/chunk';
import type { LabErrorInfo } from '../schema/errors';
import type { MaskSettings, SinkSettings } from '../schema/analysis';
import { MIN_PANES, defaultMethod, type MethodSpec } from '../schema/methods';
import {
  DEFAULT_EXPERIMENT,
  DEFAULT_MODEL_TEXT,
  sourceShape,
  type Experiment,
  type ModelSource,
  type ImportSource,
  importRefusal,
  type Source,
  type SyntheticSource,
  type ViewState,
  type Zoom,
} from '../schema/experiment';
import { validateExperiment, type Issue } from '../schema/validate';
import { MODELS, type ModelId } from '../schema/models';

type PerHead<T> = readonly (T | undefined)[];

/**
 * Results of the current run, per pane and head. Heads are numbered across layers as units
 * u = layer · H + head (the synthetic source has one layer, so u = head). Replaced when the
 * experiment changes.
 */
export interface ResultsSlice {
  readonly runId: number;
  /**
   * Run id of the latest run that recomputes every head: chunks from before it are the previous
   * experiment's, kept on screen (dimmed) until their replacements arrive.
   */
  readonly staleBefore: number;
  /** The panes the results on screen were computed for (to carry them over when panes move). */
  readonly methods: readonly MethodSpec[];
  /** The source they were computed for (a head search or family result stays while it is the same). */
  readonly source: Source;
  /** stats[pane][unit] */
  readonly stats: readonly PerHead<StatsChunk>[];
  /** thumbs[pane][unit] */
  readonly thumbs: readonly PerHead<MapChunk>[];
  /** A model source's tokens, loss and predictions (null for synthetic sources). */
  readonly model: ModelChunk | null;
  /** Per pane: the model's loss with the pane's method inside the forward pass. */
  readonly losses: readonly (LossChunk | null)[];
  /** Model weights arriving, while they do. */
  readonly download: DownloadChunk | null;
  /** ACT's head search on the model (loss change per head), as far as it has got. */
  readonly search: SearchChunk | null;
  /** The source the search ran on: the search outlives runs on the same source (applying its set reruns). */
  readonly searchSource?: Experiment['source'];
  /** The shipped family on the text, as far as it has got. */
  readonly family: FamilyChunk | null;
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
  /** The details tab on screen under the comparison (app/LabTabs.tsx). Not part of the link. */
  readonly tab: string;
  /** A side run the user asked for: ACT's head search on a pane, or the model family on the text (the runner runs each request once). Not in the link. */
  readonly searchRequest: { readonly kind: 'search' | 'family'; readonly pane: number; readonly seq: number; readonly cancelled?: boolean } | null;
  /** A model file the user dropped, on its way to the worker (bootstrap hands it over). Not in the link. */
  readonly modelFile: { readonly name: string; readonly bytes: Blob } | null;
  /** Name of the dropped model file the worker is reading, while it does. */
  readonly modelReading: string | null;
  /** Name of the model file in use (the last one the worker accepted). */
  readonly modelInUse: string | null;
  /** Hub models the user agreed to download (picking one in the form agrees; a link asks first). Not in the link. */
  readonly downloadOk: readonly ModelId[];
  /** A hub model a link asked for, waiting for the user to agree to its download. */
  readonly downloadAsk: ModelId | null;
  /** Tensor files the user dropped, on their way to the worker (bootstrap hands them over). Not in the link. */
  readonly importFiles: readonly ImportFileDrop[] | null;
  /** Names of the files the worker is reading, while it does. */
  readonly importReading: string | null;
  /** ACT's head search while it runs (in chunks, between the lab's own runs): its pane. Not in the link. */
  readonly searching: number | null;
  /** The user picked "Your tensors" and nothing is imported yet: the lab waits for files. Not in the link. */
  readonly askImport: boolean;

  /** Changes the synthetic source (ignored for a model source). */
  setSource(patch: Partial<SyntheticSource>): Issue[];
  /** Changes the model source (ignored for a synthetic source). */
  setModelSource(patch: Partial<ModelSource>): Issue[];
  /** Switches between the synthetic source and a model, keeping each one's last settings. */
  setSourceKind(kind: Source['kind']): Issue[];
  setSinks(patch: Partial<SinkSettings>): Issue[];
  setMask(patch: Partial<MaskSettings>): Issue[];
  setView(patch: Partial<Omit<ViewState, 'head' | 'layer'>>): Issue[];
  /** Zooms every pane's map to a region (null: the whole map). */
  setZoom(zoom: Zoom | null): Issue[];
  /** Replaces the panes (add, remove, reorder, duplicate, change parameters). */
  setMethods(methods: readonly MethodSpec[]): Issue[];
  /** Selects a head (of `layer`, default the selected layer). */
  selectHead(head: number, layer?: number): void;
  loadExperiment(exp: Experiment): void;
  /**
   * A run starts. `fresh`: it recomputes every head, so what is on screen becomes the previous
   * run's, kept (dimmed) until replaced; the panes are matched by method so an added or moved
   * pane keeps its neighbours' results.
   */
  beginRun(runId: number, fresh: boolean): void;
  /** The experiment changed and a run will follow: the status says so at once (no stale "done"). */
  markPending(): void;
  /** No run followed after all (the change was undone before it started). */
  settle(): void;
  applyChunk(chunk: Chunk): void;
  finishRun(runId: number, ms: number): void;
  failRun(runId: number, error: LabErrorInfo): void;
  setGpu(gpu: GpuSlice): void;
  setNotices(notices: Issue[]): void;
  setTourStep(step: number | null): void;
  setTab(tab: string): void;
  /** Asks for ACT's head search on pane `pane` (model sources). */
  startHeadSearch(pane: number): void;
  /** Shows (or leaves) the "drop your tensors" state. */
  setAskImport(ask: boolean): void;
  /** Marks the head search running (its pane) or over (null); the runner calls it. */
  setSearching(pane: number | null): void;
  /** Stops the head search; what it found so far stays. */
  cancelSearch(): void;
  /** Asks for the three shipped models on the source's text. */
  startFamily(): void;
  /** Takes a dropped GPT-2-style model file (the worker reads it); one over MAX_FILE_BYTES is refused at once. */
  dropModelFile(name: string, bytes: Blob): void;
  /** Asks the user before downloading `model` (the runner calls this instead of running). */
  askDownload(model: ModelId | null): void;
  /** The user agreed to download `model`: the runner goes on. */
  allowDownload(model: ModelId): void;
  /** The worker read the dropped model file: the 'file' model is it now. */
  acceptModelFile(name: string): void;
  /** The worker refused the dropped model file: say why; the model in use stays. */
  refuseModelFile(name: string, message: string): void;
  /** Takes dropped tensor files (.npy / .safetensors); bootstrap reads them in the worker. Files over MAX_FILE_BYTES are refused at once. */
  dropImportFiles(files: readonly ImportFileDrop[]): void;
  /**
   * Runs on an import the worker has read: panes that cannot run on it are removed (with a
   * notice saying why), the view goes to layer 0, head 0. Returns the issues if refused.
   */
  loadImport(src: ImportSource): Issue[];
  /** The worker refused the dropped files: show why; the current experiment stays. */
  failImport(message: string): void;
}

/** A dropped file, bytes (a File is a Blob: not read on this thread) and name. */
export interface ImportFileDrop {
  readonly name: string;
  readonly bytes: Blob;
}

/**
 * Largest file the lab reads: 2 GiB, a browser's ArrayBuffer ceiling (larger reads fail or never
 * finish). Checked before reading, so a larger file is refused at once.
 */
export const MAX_FILE_BYTES = 2 ** 31;

/** Why a dropped file cannot be read, or null. */
export function fileRefusal(name: string, bytes: Blob): string | null {
  if (bytes.size <= MAX_FILE_BYTES) return null;
  return `${name} is ${(bytes.size / 2 ** 30).toFixed(1)} GiB: the lab reads files up to 2 GiB (a browser's limit). Export fewer layers or heads, or a smaller model in 16-bit.`;
}

export type LabStore = StoreApi<LabState>;

/** Heads per layer H of an experiment, given what the last run said about its model. */
export function headsPerLayer(exp: Experiment, model: ModelChunk | null): number {
  if (exp.source.kind === 'synthetic') return exp.source.heads;
  return model?.heads ?? sourceShape(exp.source).heads ?? 12;
}

/** Layers L of an experiment, given what the last run said about its model. */
export function layersOf(exp: Experiment, model: ModelChunk | null): number {
  if (exp.source.kind === 'synthetic') return 1;
  return model?.layers ?? sourceShape(exp.source).layers ?? 1;
}

/** A finished head search stays on screen across runs on the same source (e.g. applying its set). */
const keptSearch = (r: ResultsSlice, exp: Experiment): Partial<ResultsSlice> =>
  r.search && r.searchSource && JSON.stringify(r.searchSource) === JSON.stringify(exp.source) ? { search: r.search, searchSource: r.searchSource } : {};

function emptyResults(exp: Experiment): ResultsSlice {
  const panes = exp.methods.length;
  const units = headsPerLayer(exp, null) * layersOf(exp, null);
  const grid = () => Array.from({ length: panes }, () => new Array<undefined>(units).fill(undefined));
  return {
    runId: 0,
    staleBefore: 0,
    methods: exp.methods,
    source: exp.source,
    stats: grid(),
    thumbs: grid(),
    model: null,
    losses: new Array<null>(panes).fill(null),
    download: null,
    search: null,
    family: null,
    full: new Array<null>(panes).fill(null),
    maskMap: new Array<null>(panes).fill(null),
    sweep: null,
    perf: null,
    progress: { done: 0, total: units * panes },
    status: 'idle',
    ms: null,
  };
}

/**
 * The new experiment's empty results, filled with the previous results where they can stand in
 * (dimmed) until the new run replaces them: each pane takes the old pane with the same method
 * and parameters, else the old pane at its index; per-head arrays keep the heads both have.
 */
export function carryOver(prev: ResultsSlice, exp: Experiment): ResultsSlice {
  const fresh = emptyResults(exp);
  const same = (a: MethodSpec, b: MethodSpec) => a.id === b.id && JSON.stringify(a.params) === JSON.stringify(b.params);
  const from = exp.methods.map((m, k) => {
    const match = prev.methods.findIndex((o) => same(o, m));
    return match >= 0 ? match : k < prev.methods.length ? k : -1;
  });
  const units = (fresh.stats[0] ?? []).length;
  const cells = <T,>(grid: readonly PerHead<T>[]) => from.map((o) => {
    const out = new Array<T | undefined>(units).fill(undefined);
    const old = o >= 0 ? grid[o] ?? [] : [];
    for (let u = 0; u < units && u < old.length; u++) out[u] = old[u];
    return out;
  });
  const pick = <T,>(arr: readonly (T | null)[]) => from.map((o) => (o >= 0 ? arr[o] ?? null : null));
  const masked = exp.analysis.mask.kind !== 'none';
  const sameSource = prev.model !== null && exp.source.kind === 'model' && exp.source.model !== 'file' && prev.model.model === exp.source.model;
  return {
    ...fresh,
    stats: cells(prev.stats),
    thumbs: cells(prev.thumbs),
    full: pick(prev.full),
    maskMap: masked ? pick(prev.maskMap) : fresh.maskMap,
    losses: exp.source.kind === 'model' ? pick(prev.losses) : fresh.losses,
    model: sameSource ? prev.model : null,
    sweep: exp.methods.some((m) => m.id === 'sigma') ? prev.sweep : null,
    perf: prev.perf,
    // A head search or the family on this same text still holds (the search while its pane is the same ACT).
    search: prev.source === exp.source && prev.search && exp.methods[prev.search.pane] && same(exp.methods[prev.search.pane] as MethodSpec, prev.methods[prev.search.pane] as MethodSpec) ? prev.search : null,
    family: prev.source === exp.source ? prev.family : null,
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

/** The model source a first switch to "model" opens: the shipped baseline on Genesis 1:1–2. */
const MODEL_SOURCE: ModelSource = { kind: 'model', model: 'kjv-baseline', text: DEFAULT_MODEL_TEXT };

/** One vanilla store of slices; React reads it with narrow selectors (see useLab.ts). */
export function createLabStore(initial: Experiment = DEFAULT_EXPERIMENT): LabStore {
  /** Each source kind's last settings, so switching back restores them (not part of the link). */
  const memory: Partial<Record<Source['kind'], Source>> = {};
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
    tab: 'heads',
    modelFile: null,
    modelReading: null,
    modelInUse: null,
    downloadOk: [],
    downloadAsk: null,
    searchRequest: null,
    importFiles: null,
    importReading: null,
    searching: null,
    askImport: false,

    setSource(patch) {
      const cur = get().experiment;
      if (cur.source.kind !== 'synthetic') return [];
      const source = { ...cur.source, ...patch };
      if (source.sinkPos !== null && source.sinkPos >= source.seqLen) source.sinkPos = source.seqLen - 1;
      const z = cur.view.zoom;
      const zoom = z && z.q1 <= source.seqLen && z.k1 <= source.seqLen ? z : null;
      const view = { ...cur.view, head: Math.min(cur.view.head, source.heads - 1), zoom };
      return apply({ ...cur, source, view });
    },

    setModelSource(patch) {
      const cur = get().experiment;
      if (cur.source.kind !== 'model') return [];
      // Picking a hub model in the form (its size shown there) is agreeing to download it.
      if (patch.model && MODELS[patch.model].origin === 'hub' && !get().downloadOk.includes(patch.model)) set({ downloadOk: [...get().downloadOk, patch.model] });
      const source = { ...cur.source, ...patch };
      const shape = sourceShape(source);
      const view = {
        ...cur.view,
        layer: Math.min(cur.view.layer, (shape.layers ?? 1) - 1),
        head: Math.min(cur.view.head, (shape.heads ?? 1) - 1),
        zoom: source.text === cur.source.text && source.model === cur.source.model ? cur.view.zoom : null,
      };
      return apply({ ...cur, source, view });
    },

    setSourceKind(kind) {
      const cur = get().experiment;
      if (cur.source.kind === kind) return [];
      const remembered = memory[kind];
      if (kind === 'import' && !remembered) return []; // nothing imported yet: the form asks for files
      memory[cur.source.kind] = cur.source;
      const source = remembered ?? (kind === 'model' ? MODEL_SOURCE : DEFAULT_EXPERIMENT.source);
      if (source.kind === 'import') return get().loadImport(source);
      return apply({ ...cur, source, view: { ...cur.view, layer: 0, head: 0, zoom: null } });
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

    selectHead(head, layer) {
      const cur = get().experiment;
      const model = get().results.model;
      const l = layer ?? cur.view.layer;
      if (head < 0 || head >= headsPerLayer(cur, model) || l < 0 || l >= layersOf(cur, model)) return;
      if (head === cur.view.head && l === cur.view.layer) return;
      set({ experiment: { ...cur, view: { ...cur.view, head, layer: l } } });
    },

    loadExperiment(exp) {
      set({ experiment: exp, notices: [] });
    },

    beginRun(runId, fresh) {
      set((s) => ({
        results: fresh
          ? { ...carryOver(s.results, s.experiment), ...keptSearch(s.results, s.experiment), runId, staleBefore: runId, status: 'running' }
          : { ...s.results, runId, status: 'running' },
      }));
    },

    markPending() {
      const r = get().results;
      if (r.status !== 'running') set({ results: { ...r, status: 'running' } });
    },

    settle() {
      const r = get().results;
      if (r.status === 'running') set({ results: { ...r, status: 'done' } });
    },

    applyChunk(chunk) {
      const r = get().results;
      if (chunk.runId !== r.runId) return; // stale
      const unit = (c: { layer: number; head: number }) => c.layer * headsPerLayer(get().experiment, r.model) + c.head;
      if (chunk.kind === 'stats') {
        set({ results: { ...r, stats: withCell(r.stats, chunk.pane, unit(chunk), chunk) } });
      } else if (chunk.kind === 'model') {
        set({ results: { ...r, model: chunk, download: null } });
      } else if (chunk.kind === 'loss') {
        set({ results: { ...r, losses: withIndex(r.losses, chunk.pane, chunk) } });
      } else if (chunk.kind === 'family') {
        set({ results: { ...r, family: chunk } });
      } else if (chunk.kind === 'search') {
        set({ results: { ...r, search: chunk, searchSource: get().experiment.source } });
      } else if (chunk.kind === 'download') {
        set({ results: { ...r, download: chunk } });
      } else if (chunk.kind === 'map') {
        if (chunk.purpose === 'thumb') set({ results: { ...r, thumbs: withCell(r.thumbs, chunk.pane, unit(chunk), chunk) } });
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

    setTab(tab) {
      set({ tab });
    },

    startHeadSearch(pane) {
      set((s) => ({ searchRequest: { kind: 'search', pane, seq: (s.searchRequest?.seq ?? 0) + 1 }, results: { ...s.results, search: null } }));
    },

    setAskImport(askImport) {
      set({ askImport });
    },

    setSearching(searching) {
      set({ searching });
    },

    cancelSearch() {
      set((s) => ({ searchRequest: s.searchRequest?.kind === 'search' ? { ...s.searchRequest, cancelled: true } : s.searchRequest }));
    },

    startFamily() {
      set((s) => ({ searchRequest: { kind: 'family', pane: 0, seq: (s.searchRequest?.seq ?? 0) + 1 }, results: { ...s.results, family: null } }));
    },

    dropModelFile(name, bytes) {
      const refused = fileRefusal(name, bytes);
      if (refused) set({ notices: [{ field: 'model file', message: refused }] });
      else set({ modelFile: { name, bytes }, modelReading: name });
    },

    askDownload(model) {
      if (get().downloadAsk !== model) set({ downloadAsk: model });
    },

    allowDownload(model) {
      set({ downloadOk: [...get().downloadOk, model], downloadAsk: null });
    },

    acceptModelFile(name) {
      set({ modelReading: null, modelInUse: name });
    },

    refuseModelFile(name, message) {
      const kept = get().modelInUse;
      const stays = kept ? ` ${kept} stays in use.` : '';
      set({ modelReading: null, notices: [{ field: 'model file', message: `${name} was refused: ${message}${stays}` }] });
    },

    dropImportFiles(files) {
      const refused = files.map((f) => fileRefusal(f.name, f.bytes)).filter((r): r is string => r !== null);
      if (refused.length) set({ notices: refused.map((message) => ({ field: 'import', message })) });
      else set({ importFiles: files, importReading: files.map((f) => f.name).join(', ') });
    },

    loadImport(source) {
      const cur = get().experiment;
      const refused = cur.methods.map((m) => ({ m, why: importRefusal(source, m.id) }));
      let methods = refused.filter((r) => !r.why).map((r) => r.m);
      while (methods.length < MIN_PANES) methods = [defaultMethod('softmax'), ...methods];
      const panes = methods.length;
      const diff = panes >= 2 ? ([Math.min(1, panes - 1), 0] as const) : null;
      const view = { ...cur.view, layer: 0, head: 0, zoom: null, pane: Math.min(cur.view.pane, panes - 1), diff };
      if (cur.source.kind !== 'import') memory[cur.source.kind] = cur.source;
      set({ importReading: null, askImport: false });
      const issues = apply({ ...cur, source, methods, view });
      const notes = refused.filter((r) => r.why).map((r) => ({ field: `pane ${r.m.id}`, message: `The ${r.m.id} pane was removed: ${r.why}` }));
      if (!issues.length && notes.length) set({ notices: notes });
      return issues;
    },

    failImport(message) {
      set({ importReading: null, notices: [{ field: 'import', message }] });
    },
  };
  });
}
