import * as Comlink from 'comlink';
import type { Chunk } from '../schema/chunk';
import type { Experiment } from '../schema/experiment';
import type { LabErrorInfo } from '../schema/errors';
import type { RunPlan } from '../schema/plan';
import { isBusyMessage } from '../schema/liveness';
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
  /** When the worker last sent anything (a pong, a chunk, an announcement), ms since the epoch. */
  heard: number;
  /** Silence the worker announced it may need (a long synchronous step), ms after `heard`. */
  allowMs: number;
  /** A restarted worker's mode and the user's files, given back before it runs anything. */
  restored: Promise<unknown>;
}

/** A file the user dropped, kept on this side (a Blob: no copy in this thread's heap) to give a restarted worker. */
interface KeptFile {
  readonly name: string;
  readonly bytes: Blob;
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
  /** The model file and tensor files the worker accepted, re-sent to a restarted worker. */
  private keptModel: KeptFile | null = null;
  private keptImport: readonly KeptFile[] | null = null;

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
    const gen: Generation = { worker, api: Comlink.wrap<LabApi>(worker), dead, kill, heard: Date.now(), allowMs: 0, restored: Promise.resolve() };
    worker.addEventListener('message', (e: MessageEvent) => {
      gen.heard = Date.now();
      if (isBusyMessage(e.data)) gen.allowMs = e.data.labBusy.ms;
    });
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      if (gen !== this.gen) return;
      this.crashed(`The compute worker crashed (${e.message || 'no message'}); it was restarted and the experiment re-run.`);
    });
    if (this.options.testHooks) void gen.api.enableTestHooks();
    return gen;
  }

  /** Gives a fresh worker what the last one had: its mode (init finds no GPU again) and the user's files. */
  private restore(gen: Generation): void {
    const { keptModel, keptImport } = this;
    gen.restored = Promise.race([gen.dead, (async () => {
      await gen.api.init();
      if (keptModel) await gen.api.setModelFile(keptModel.name, keptModel.bytes);
      if (keptImport) await gen.api.setImport(keptImport);
    })()]).catch(() => undefined);
  }

  private crashed(message: string): void {
    this.restart();
    this.onCrash({ kind: 'worker-crashed', message });
  }

  /** Terminates the worker and starts a fresh one; calls waiting on the old one end. */
  restart(): void {
    const old = this.gen;
    this.gen = this.spawn();
    this.restore(this.gen);
    old.kill();
    old.api[Comlink.releaseProxy]();
    old.worker.terminate();
  }

  /**
   * Hands a dropped model file to the worker, which parses it; kept here (a Blob is passed by
   * reference, not copied) so a restarted worker gets it again. A refused file changes nothing.
   */
  async setModelFile(name: string, bytes: Blob): ReturnType<LabApi['setModelFile']> {
    const gen = this.gen;
    await gen.restored;
    const r = await Promise.race([gen.api.setModelFile(name, bytes), gen.dead]);
    if (r === 'dead') return { ok: false, error: { kind: 'worker-crashed', message: `The compute worker stopped while reading ${name}; drop it again.` } };
    if (r.ok) this.keptModel = { name, bytes };
    return r;
  }

  /** Hands dropped tensor files to the worker, which reads and checks them; kept here for a restarted worker. */
  async setImport(files: readonly KeptFile[]): ReturnType<LabApi['setImport']> {
    const gen = this.gen;
    await gen.restored;
    const r = await Promise.race([gen.api.setImport(files), gen.dead]);
    if (r === 'dead') return { ok: false, error: { kind: 'worker-crashed', message: 'The compute worker stopped while reading the tensors; drop them again.' } };
    if (r.ok) this.keptImport = files;
    return r;
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
    const { api, dead, restored } = this.gen;
    this.inFlight++;
    this.heartbeat();
    try {
      await restored;
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
      void this.answers(gen).then((alive) => {
        this.probing = false;
        if (!alive && gen === this.gen) {
          this.crashed(`The compute worker stopped answering for ${this.heartbeatTimeoutMs / 1000} s; it was restarted and the experiment re-run.`);
        }
      });
    }, this.heartbeatMs);
  }

  /**
   * Pings `gen`: alive if it answers, or keeps sending anything, or is within a silence it
   * announced (a long synchronous step); dead once it is silent beyond all of these.
   */
  private async answers(gen: Generation): Promise<boolean> {
    const pong = gen.api.ping();
    for (;;) {
      const r = await Promise.race([pong, gen.dead, sleep(this.heartbeatTimeoutMs)]);
      if (r !== 'timeout') return true;
      if (gen !== this.gen) return true; // replaced meanwhile: nothing to do
      if (Date.now() - gen.heard < Math.max(this.heartbeatTimeoutMs, gen.allowMs)) continue;
      return false;
    }
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
