import type { LabClient } from '../client/labClient';
import type { Experiment } from '../schema/experiment';
import { FAMILY_PLAN, fullPlan, layerPlan, mapOnlyPlan, searchPlan, type RunPlan } from '../schema/plan';
import type { LabStore } from './store';

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
  let scheduled = false;
  /** Main runs in flight (a superseded one may still be finishing). */
  let mainRuns = 0;
  /** The status was set to running ahead of a scheduled run. */
  let pending = false;

  const start = async () => {
    scheduled = false;
    const { experiment } = store.getState();
    const plan = planFor(experiment, completed);
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
    const outcome = await client.run(experiment, plan, (c) => store.getState().applyChunk(c)).finally(() => mainRuns--);
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
    if (s.experiment !== prev.experiment) {
      // Say "running" now, not when the run starts: the numbers on screen are the last run's.
      if (planFor(s.experiment, completed)) {
        pending = true;
        s.markPending();
      }
      schedule();
    }
    else if (s.searchRequest && s.searchRequest !== prev.searchRequest) {
      void side(s.searchRequest.kind === 'family' ? FAMILY_PLAN : searchPlan(s.searchRequest.pane));
    }
  });
  schedule();
  return unsubscribe;
}
