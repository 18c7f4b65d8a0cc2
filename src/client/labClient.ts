import * as Comlink from 'comlink';
import type { Chunk } from '../schema/chunk';
import type { Experiment } from '../schema/experiment';
import type { LabErrorInfo } from '../schema/errors';
import type { RunPlan } from '../schema/plan';
import type { LabApi, RunOutcome, TestFault } from '../worker/api';

export type { RunOutcome, TestFault };

/** Makes the module worker; replaced in tests. */
export type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('../worker/lab.worker.ts', import.meta.url), { type: 'module', name: 'lab' });

export interface LabClientOptions {
  /** A finished run carried something the user should know (the device was lost and recovered). */
  readonly onNotice?: (notice: LabErrorInfo) => void;
  /** While a run is in flight the worker is pinged this often (ms)… */
  readonly heartbeatMs?: number;
  /** …and restarted when a ping goes unanswered this long (ms): a terminated worker fires no event. */
  readonly heartbeatTimeoutMs?: number;
  /** Lets `fault()` inject faults (the page passes true only for `?testhooks=1`). */
  readonly testHooks?: boolean;
}

/** One worker and everything tied to its life. */
interface Generation {
  readonly worker: Worker;
  readonly api: Comlink.Remote<LabApi>;
  /** Resolves when this worker is replaced: calls still waiting on it give up. */
  readonly dead: Promise<'dead'>;
  readonly kill: () => void;
}

const sleep = (ms: number) => new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms));

/**
 * The UI's handle on the worker: numbers runs, drops chunks of superseded runs, and restarts a
 * worker that crashed (an 'error' event) or stopped answering (heartbeat); runs waiting on the
 * old worker end as 'aborted' and `onCrash` tells the caller to re-run.
 */
export class LabClient {
  private gen: Generation;
  private latest = 0;
  private inFlight = 0;
  private beat: ReturnType<typeof setInterval> | null = null;
  private probing = false;
  private readonly heartbeatMs: number;
  private readonly heartbeatTimeoutMs: number;

  constructor(
    private readonly factory: WorkerFactory = defaultFactory,
    private readonly onCrash: (error: LabErrorInfo) => void = () => {},
    private readonly options: LabClientOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 5000;
    this.gen = this.spawn();
  }

  private spawn(): Generation {
    const worker = this.factory();
    let kill = () => {};
    const dead = new Promise<'dead'>((r) => (kill = () => r('dead')));
    const gen: Generation = { worker, api: Comlink.wrap<LabApi>(worker), dead, kill };
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      if (gen !== this.gen) return;
      this.crashed(`The compute worker crashed (${e.message || 'no message'}); it was restarted and the experiment re-run.`);
    });
    if (this.options.testHooks) void gen.api.enableTestHooks();
    return gen;
  }

  private crashed(message: string): void {
    this.restart();
    this.onCrash({ kind: 'worker-crashed', message });
  }

  /** Terminates the worker and starts a fresh one; calls waiting on the old one end. */
  restart(): void {
    const old = this.gen;
    this.gen = this.spawn();
    old.kill();
    old.api[Comlink.releaseProxy]();
    old.worker.terminate();
  }

  /** Hands a dropped model file to the worker (moved, not copied). A restarted worker has lost it. */
  async setModelFile(name: string, bytes: ArrayBuffer): Promise<void> {
    await this.gen.api.setModelFile(name, Comlink.transfer(bytes, [bytes]));
  }

  /** Hands dropped tensor files to the worker (moved, not copied); a restarted worker has lost them. */
  async setImport(files: readonly { name: string; bytes: ArrayBuffer }[]): ReturnType<LabApi['setImport']> {
    return this.gen.api.setImport(Comlink.transfer(files, files.map((f) => f.bytes)));
  }

  /** Acquires the device; if the worker dies meanwhile, asks the next one (three tries). */
  async init(): ReturnType<LabApi['init']> {
    for (let tries = 0; ; tries++) {
      const { api, dead } = this.gen;
      const r = await Promise.race([api.init(), dead]);
      if (r !== 'dead') return r;
      if (tries >= 2) return { ok: false, error: { kind: 'worker-crashed', message: 'The compute worker kept crashing while starting; reload the page.' } };
    }
  }

  /** Starts a run; a newer call supersedes it, and its late chunks never reach `onChunk`. */
  async run(exp: Experiment, plan: RunPlan, onChunk: (c: Chunk) => void): Promise<RunOutcome> {
    const runId = ++this.latest;
    const cb = Comlink.proxy((c: Chunk) => {
      if (c.runId === this.latest) onChunk(c);
    });
    const { api, dead } = this.gen;
    this.inFlight++;
    this.heartbeat();
    try {
      const outcome = await Promise.race([api.run(runId, exp, plan, cb), dead]);
      if (outcome === 'dead') return { status: 'aborted', runId };
      if (runId !== this.latest && outcome.status === 'done') return { status: 'aborted', runId };
      if (outcome.status === 'done' && outcome.notice) this.options.onNotice?.(outcome.notice);
      return outcome;
    } finally {
      this.inFlight--;
    }
  }

  /** Aborts the run in flight (a long study the user stopped); it ends as 'aborted'. */
  cancel(): void {
    void this.gen.api.cancel();
  }

  /** Pings the worker while runs are in flight; one unanswered ping restarts it. */
  private heartbeat(): void {
    if (this.beat) return;
    this.beat = setInterval(() => {
      if (this.inFlight === 0) {
        clearInterval(this.beat ?? undefined);
        this.beat = null;
        return;
      }
      if (this.probing) return;
      this.probing = true;
      const gen = this.gen;
      void Promise.race([gen.api.ping(), gen.dead, sleep(this.heartbeatTimeoutMs)]).then((r) => {
        this.probing = false;
        if (r === 'timeout' && gen === this.gen) {
          this.crashed(`The compute worker stopped answering for ${this.heartbeatTimeoutMs / 1000} s; it was restarted and the experiment re-run.`);
        }
      });
    }, this.heartbeatMs);
  }

  /** Injects a fault in the worker (test hooks only; refused otherwise). */
  fault(f: TestFault): Promise<void> {
    return this.gen.api.fault(f);
  }

  /** Test hook: kills the worker the way a browser would, with no 'error' event. */
  terminateSilently(): void {
    this.gen.worker.terminate();
  }

  /** Id of the newest run started. */
  get latestRunId(): number {
    return this.latest;
  }

  dispose(): void {
    if (this.beat) clearInterval(this.beat);
    this.gen.kill();
    this.gen.api[Comlink.releaseProxy]();
    this.gen.worker.terminate();
  }
}
