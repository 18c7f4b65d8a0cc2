import * as Comlink from 'comlink';
import type { Chunk } from '../schema/chunk';
import type { Experiment } from '../schema/experiment';
import type { LabErrorInfo } from '../schema/errors';
import type { RunPlan } from '../schema/plan';
import type { LabApi, RunOutcome } from '../worker/api';

export type { RunOutcome };

/** Makes the module worker; replaced in tests. */
export type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('../worker/lab.worker.ts', import.meta.url), { type: 'module', name: 'lab' });

/**
 * The UI's handle on the worker: numbers runs, drops chunks of superseded runs, and restarts a
 * worker that crashed (the caller re-runs; `onCrash` says so).
 */
export class LabClient {
  private worker: Worker;
  private api: Comlink.Remote<LabApi>;
  private latest = 0;

  constructor(
    private readonly factory: WorkerFactory = defaultFactory,
    private readonly onCrash: (error: LabErrorInfo) => void = () => {},
  ) {
    [this.worker, this.api] = this.spawn();
  }

  private spawn(): [Worker, Comlink.Remote<LabApi>] {
    const worker = this.factory();
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.restart();
      this.onCrash({ kind: 'worker-crashed', message: `The compute worker crashed (${e.message || 'no message'}); it was restarted.` });
    });
    return [worker, Comlink.wrap<LabApi>(worker)];
  }

  /** Terminates the worker and starts a fresh one. */
  restart(): void {
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
    [this.worker, this.api] = this.spawn();
  }

  init() {
    return this.api.init();
  }

  /** Starts a run; a newer call supersedes it, and its late chunks never reach `onChunk`. */
  async run(exp: Experiment, plan: RunPlan, onChunk: (c: Chunk) => void): Promise<RunOutcome> {
    const runId = ++this.latest;
    const cb = Comlink.proxy((c: Chunk) => {
      if (c.runId === this.latest) onChunk(c);
    });
    const outcome = await this.api.run(runId, exp, plan, cb);
    return runId === this.latest || outcome.status !== 'done' ? outcome : { status: 'aborted', runId };
  }

  /** Id of the newest run started. */
  get latestRunId(): number {
    return this.latest;
  }

  dispose(): void {
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}
