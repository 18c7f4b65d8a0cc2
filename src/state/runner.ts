import type { LabClient } from '../client/labClient';
import type { Experiment } from '../schema/experiment';
import { FAMILY_PLAN, fullPlan, layerPlan, mapOnlyPlan, searchPlan, type RunPlan } from '../schema/plan';
import type { SearchChunk } from '../schema/chunk';
import type { LabStore } from './store';
import { MODELS } from '../schema/models';

/**
 * The least work that brings the screen up to date with `next`, given the experiment whose full
 * run last completed: a new source or analysis recomputes every head; a new tile reduction
 * re-tiles the maps; a new head fetches that head's map; colour scale and units are drawing
 * only (null: nothing to run).
 */
export function planFor(next: Experiment, completed: Experiment | null): RunPlan | null {
  if (!completed || completed.source !== next.source || completed.analysis !== next.analysis) return fullPlan(next);
  if (completed.view.reduce !== next.view.reduce) return { ...fullPlan(next), stats: false };
  // A model's grid shows one layer's thumbnails: another layer needs its maps, not new statistics.
  if (completed.view.layer !== next.view.layer) return layerPlan(next);
  if (completed.view.head !== next.view.head || completed.view.zoom !== next.view.zoom) return mapOnlyPlan(next);
  return null;
}

/**
 * Runs the experiment whenever it changes. Bursts (a dragged slider) coalesce into one run per
 * macrotask, and a newer run aborts the older one in the worker.
 */
export function connectRunner(store: LabStore, client: LabClient): () => void {
  /** Experiment whose results are complete on screen. */
  let completed: Experiment | null = null;
  /** Experiment of the run in flight: it is overwriting the screen's maps with its own. */
  let inFlight: Experiment | null = null;
  let scheduled = false;
  /** Main runs in flight (a superseded one may still be finishing). */
  let mainRuns = 0;
  /** The status was set to running ahead of a scheduled run. */
  let pending = false;

  const start = async () => {
    scheduled = false;
    const { experiment, downloadOk } = store.getState();
    // A link to a hub model asks before a download of hundreds of MB; the results on screen stay.
    const hub = experiment.source.kind === 'model' && MODELS[experiment.source.model].origin === 'hub' ? experiment.source.model : null;
    store.getState().askDownload(hub && !downloadOk.includes(hub) ? hub : null);
    if (hub && !downloadOk.includes(hub)) return;
    // Back to what was complete while another head's run is in flight (head 1, then head 0 within
    // 80 ms): that run is drawing head 1's maps, so head 0's must be fetched again, superseding it.
    const plan = planFor(experiment, completed) ?? (inFlight && inFlight !== experiment ? planFor(experiment, inFlight) : null);
    if (!plan) {
      completed = experiment;
      if (pending && mainRuns === 0) store.getState().settle();
      pending = false;
      return;
    }
    if (plan.stats) completed = null;
    pending = false;
    const runId = client.latestRunId + 1;
    store.getState().beginRun(runId, plan.stats);
    mainRuns++;
    inFlight = experiment;
    const outcome = await client.run(experiment, plan, (c) => store.getState().applyChunk(c)).finally(() => mainRuns--);
    if (inFlight === experiment) inFlight = null;
    if (outcome.status === 'done') {
      completed = experiment;
      store.getState().finishRun(outcome.runId, outcome.ms);
    } else if (outcome.status === 'error') {
      store.getState().failRun(outcome.runId, outcome.error);
    }
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => void start(), 0);
  };

  // ACT's head search, or the model family: a run of its own on the same experiment; the results on screen stay.
  const side = async (plan: RunPlan) => {
    const { experiment } = store.getState();
    const runId = client.latestRunId + 1;
    store.getState().beginRun(runId, false);
    const outcome = await client.run(experiment, plan, (c) => store.getState().applyChunk(c));
    if (outcome.status === 'done') store.getState().finishRun(outcome.runId, outcome.ms);
    else if (outcome.status === 'error') store.getState().failRun(outcome.runId, outcome.error);
  };

  /**
   * ACT's head search, one layer per run: between layers the lab's own runs go first (a change
   * the user makes aborts the layer in flight, which is then done again), so the page stays
   * usable; Cancel aborts the layer in flight and stops. What was found so far stays on screen.
   */
  const search = async (seq: number, pane: number) => {
    const st = () => store.getState();
    const begun = st().experiment;
    const asked = () => st().searchRequest?.seq === seq && !st().searchRequest?.cancelled;
    const unchanged = () => st().experiment.source === begun.source && st().experiment.methods[pane] === begun.methods[pane];
    const model = st().results.model;
    const layers = model?.layers ?? 1;
    const heads = model?.heads ?? 0;
    const merged = { delta: null as Float32Array | null, done: 0 };
    st().setSearching(pane);
    try {
      for (let l = 0; l < layers && asked() && unchanged();) {
        while (mainRuns > 0 || scheduled) await new Promise((r) => setTimeout(r, 50));
        if (!asked() || !unchanged()) break;
        const units = heads ? Array.from({ length: heads }, (_, h) => l * heads + h) : undefined;
        const doneBefore = merged.done;
        const runId = client.latestRunId + 1;
        st().beginRun(runId, false);
        const outcome = await client.run(st().experiment, searchPlan(pane, units), (c) => {
          if (c.kind !== 'search') return st().applyChunk(c);
          const delta = merged.delta ?? new Float32Array(c.delta.length).fill(NaN);
          c.delta.forEach((v, u) => { if (Number.isFinite(v)) delta[u] = v; });
          merged.delta = delta;
          merged.done = doneBefore + c.done;
          st().applyChunk({ ...c, delta: delta.slice(), done: merged.done } satisfies SearchChunk);
        });
        if (outcome.status === 'done') {
          st().finishRun(outcome.runId, outcome.ms);
          l++;
        } else if (outcome.status === 'error') {
          st().failRun(outcome.runId, outcome.error);
          break;
        } else {
          merged.done = doneBefore; // aborted: this layer again, if still wanted
          if (st().results.runId === runId) st().settle();
        }
        if (!heads) break;
      }
    } finally {
      st().setSearching(null);
    }
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.experiment !== prev.experiment || s.downloadOk !== prev.downloadOk) {
      // Say "running" now, not when the run starts: the numbers on screen are the last run's.
      if (planFor(s.experiment, completed)) {
        pending = true;
        s.markPending();
      }
      schedule();
    }
    else if (s.searchRequest && s.searchRequest !== prev.searchRequest) {
      const r = s.searchRequest;
      if (r.kind === 'family') void side(FAMILY_PLAN);
      else if (r.cancelled) {
        if (s.searching !== null && mainRuns === 0) client.cancel();
      } else void search(r.seq, r.pane);
    }
  });
  schedule();
  return unsubscribe;
}
