import type { Chunk } from '../schema/chunk';
import type { Experiment, ImportSource } from '../schema/experiment';
import type { AdapterReport } from '../schema/chunk';
import type { LabErrorInfo } from '../schema/errors';
import type { RunPlan } from '../schema/plan';

/**
 * Outcome of a run: finished, superseded by a newer run, or failed with a message. A finished
 * run may carry a `notice` the user should see (the GPU device was lost and the run repeated).
 */
export type RunOutcome =
  | { status: 'done'; runId: number; ms: number; notice?: LabErrorInfo }
  | { status: 'aborted'; runId: number }
  | { status: 'error'; runId: number; error: LabErrorInfo };

/**
 * Faults the e2e suite injects. Refused unless `enableTestHooks()` was called, which the page
 * does only when loaded with `?testhooks=1` (and the hooks are reachable only from page script).
 */
export type TestFault =
  /** An uncaught error in the worker: the Worker fires 'error'. */
  | { kind: 'crash' }
  /** device.destroy() now, or after the first chunk of the next run (mid-run loss). */
  | { kind: 'lose-device'; when: 'now' | 'mid-run' }
  /** Devices acquired from now on compile broken WGSL (until turned off). */
  | { kind: 'break-shaders'; on: boolean }
  /** Buffers of at least `bytes` are requested at the adapter's maxBufferSize: a real OOM on SwiftShader. */
  | { kind: 'oom-above'; bytes: number | null }
  /** The next model parse holds the worker's thread for `ms` (as parsing a 500 MB file does). */
  | { kind: 'slow-parse'; ms: number }
  /** The next chunk the worker sends cannot be cloned (as a chunk holding a moved buffer could not). */
  | { kind: 'unsendable-chunk' };

/** The worker's API as the client sees it through comlink (functions run in the worker). */
export interface LabApi {
  /** Acquires the GPU device (once) and says which adapter it is. */
  init(): Promise<{ ok: true; adapter: AdapterReport; notice?: LabErrorInfo } | { ok: false; error: LabErrorInfo }>;
  /**
   * Runs `exp` per `plan`, calling `onChunk` for each chunk (Float32Arrays transferred).
   * Starting a run aborts the one before it; runs never overlap on the device.
   */
  run(
    runId: number,
    exp: Experiment,
    plan: RunPlan,
    onChunk: (chunk: Chunk) => void,
  ): Promise<RunOutcome>;
  /**
   * Parses a dropped model file and keeps it for the 'file' model, replacing an earlier one; a
   * refused file leaves the earlier one in use and says why.
   */
  setModelFile(name: string, data: Blob): Promise<{ ok: true } | { ok: false; error: LabErrorInfo }>;
  /**
   * Parses and checks dropped tensor files (one .safetensors with q, k[, v][, attn], or several
   * .npy named q/k/v/attn by stem; buffers transferred) and keeps them for import sources,
   * replacing any earlier import. Returns their description, or why they were refused.
   */
  setImport(files: readonly { name: string; bytes: Blob }[]): Promise<{ ok: true; source: ImportSource } | { ok: false; error: LabErrorInfo }>;
  /** Answers at once: the client's heartbeat while a run is in flight. */
  ping(): Promise<'pong'>;
  /** Aborts the run in flight, if any (it ends as 'aborted' at its next head). */
  cancel(): Promise<void>;
  /** Allows `fault()`; called by the client only when the page asked for test hooks. */
  enableTestHooks(): Promise<void>;
  /** Injects a fault (tests only). */
  fault(f: TestFault): Promise<void>;
}
