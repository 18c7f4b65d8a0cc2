import type { LabClient } from '../client/labClient';
import type { Experiment } from '../schema/experiment';
import { fullPlan, mapOnlyPlan } from '../schema/plan';
import type { LabStore } from './store';

/**
 * Runs the experiment whenever it changes. A change of source recomputes every head; a change
 * of selected head only fetches that head's map. Bursts (a dragged slider) coalesce into one run
 * per macrotask, and a newer run aborts the older one in the worker.
 */
export function connectRunner(store: LabStore, client: LabClient): () => void {
  /** Source whose statistics are complete on screen; only then may a view change skip them. */
  let completeSource: Experiment['source'] | null = null;
  let scheduled = false;

  const start = async () => {
    scheduled = false;
    const { experiment } = store.getState();
    const fresh = completeSource !== experiment.source;
    if (fresh) completeSource = null;
    const plan = fresh ? fullPlan(experiment) : mapOnlyPlan(experiment);
    const runId = client.latestRunId + 1;
    store.getState().beginRun(runId, fresh);
    const outcome = await client.run(experiment, plan, (c) => store.getState().applyChunk(c));
    if (outcome.status === 'done') {
      if (fresh) completeSource = experiment.source;
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

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.experiment !== prev.experiment) schedule();
  });
  schedule();
  return unsubscribe;
}
