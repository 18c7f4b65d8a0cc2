import { describe, expect, it } from 'vitest';
import type { LabClient, RunOutcome } from '../client/labClient';
import type { Chunk } from '../schema/chunk';
import type { Experiment } from '../schema/experiment';
import type { RunPlan } from '../schema/plan';
import { connectRunner } from './runner';
import { createLabStore } from './store';

/** A client whose runs finish when the test says so; a newer run supersedes the older, as the real one does. */
function fakeClient() {
  const runs: { runId: number; exp: Experiment; plan: RunPlan; finish: (o: RunOutcome['status']) => void }[] = [];
  let latest = 0;
  const client = {
    get latestRunId() {
      return latest;
    },
    run(exp: Experiment, plan: RunPlan, _onChunk: (c: Chunk) => void): Promise<RunOutcome> {
      const runId = ++latest;
      for (const r of runs) r.finish('aborted');
      return new Promise((resolve) => {
        let settled = false;
        runs.push({
          runId, exp, plan,
          finish: (status) => {
            if (settled) return;
            settled = true;
            resolve(status === 'done' ? { status, runId, ms: 1 } : { status: 'aborted', runId });
          },
        });
      });
    },
  };
  return { client: client as unknown as LabClient, runs };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('runner', () => {
  it('head 1 then head 0 within 80 ms fetches head 0 again (it used to leave the maps on "Computing…")', async () => {
    const store = createLabStore();
    const { client, runs } = fakeClient();
    connectRunner(store, client);
    await tick();
    runs[0]?.finish('done'); // the first full run is on screen, head 0
    await tick();
    store.getState().selectHead(1);
    await tick();
    expect(runs[1]?.plan.fullHead).toBe(1);
    store.getState().selectHead(0); // before head 1's maps arrive
    await tick();
    expect(runs).toHaveLength(3);
    expect(runs[2]?.plan).toMatchObject({ stats: false, fullHead: 0 });
    runs[2]?.finish('done');
    await tick();
    expect(store.getState().results.runId).toBe(3);
    expect(store.getState().results.status).toBe('done');
  });
});
