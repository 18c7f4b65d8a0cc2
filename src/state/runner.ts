import type { LabClient } from '../client/labClient';
import type { Experiment } from '../schema/experiment';
import { FAMILY_PLAN, fullPlan, layerPlan, mapOnlyPlan, searchPlan, type RunPlan } from '../schema/plan';
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
      return;
    }
    if (plan.stats) completed = null;
    const runId = client.latestRunId + 1;
    store.getState().beginRun(runId, plan.stats);
    inFlight = experiment;
    const outcome = await client.run(experiment, plan, (c) => store.getState().applyChunk(c));
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

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.experiment !== prev.experiment || s.downloadOk !== prev.downloadOk) schedule();
    else if (s.searchRequest && s.searchRequest !== prev.searchRequest) {
      void side(s.searchRequest.kind === 'family' ? FAMILY_PLAN : searchPlan(s.searchRequest.pane));
    }
  });
  schedule();
  return unsubscribe;
}
