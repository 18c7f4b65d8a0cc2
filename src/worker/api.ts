import type { Chunk } from '../schema/chunk';
import type { Experiment } from '../schema/experiment';
import type { AdapterReport } from '../schema/chunk';
import type { LabErrorInfo } from '../schema/errors';
import type { RunPlan } from '../schema/plan';

/** Outcome of a run: finished, superseded by a newer run, or failed with a message. */
export type RunOutcome =
  | { status: 'done'; runId: number; ms: number }
  | { status: 'aborted'; runId: number }
  | { status: 'error'; runId: number; error: LabErrorInfo };

/** The worker's API as the client sees it through comlink (functions run in the worker). */
export interface LabApi {
  /** Acquires the GPU device (once) and says which adapter it is. */
  init(): Promise<{ ok: true; adapter: AdapterReport } | { ok: false; error: LabErrorInfo }>;
  /**
   * Runs `exp` per `plan`, calling `onChunk` for each chunk (Float32Arrays transferred).
   * Starting a run aborts the one before it.
   */
  run(
    runId: number,
    exp: Experiment,
    plan: RunPlan,
    onChunk: (chunk: Chunk) => void,
  ): Promise<RunOutcome>;
}
