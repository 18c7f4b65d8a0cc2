/**
 * The worker's side of the client's heartbeat. The client restarts a worker that stays silent (no
 * pong, no chunk) for a few seconds; work that cannot yield that often (parsing a 500 MB model,
 * one CPU layer of a large model) first raises the silence the client allows, and lowers it after.
 */
import type { BusyMessage } from '../schema/liveness';

let allowed = 0;

function announce(ms: number, what: string): void {
  const msg: BusyMessage = { labBusy: { ms, what } };
  (self as unknown as { postMessage(m: unknown): void }).postMessage(msg);
}

/** Runs `work` with the client allowing silences of up to `ms` (or more, if already allowed). */
export async function allowingSilence<T>(ms: number, what: string, work: () => Promise<T> | T): Promise<T> {
  const before = allowed;
  allowed = Math.max(before, ms);
  if (allowed !== before) announce(allowed, what);
  try {
    return await work();
  } finally {
    if (allowed !== before) announce(before, 'done');
    allowed = before;
  }
}

/** Longest silence allowed to a CPU-engine run between two messages (one layer of a large model). */
export const CPU_STEP_MS = 60_000;

/** Time to allow for parsing `bytes` of a model or tensor file: 10 s plus 10 MB/s, a slow machine's pace. */
export const parseMs = (bytes: number): number => 10_000 + bytes / 10_000;
