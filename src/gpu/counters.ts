/**
 * Compute passes and readbacks (host waits on a mapped buffer) since the last reset: the two
 * costs that a run pays per round trip to the GPU process, shown beside GPU time in the
 * performance panel. Module-wide like arena.ts's buffer counts (one device per worker).
 */
let passes = 0;
let readbacks = 0;

export function countPass(): void {
  passes++;
}

export function countReadback(): void {
  readbacks++;
}

/** Passes and readbacks since the last reset (`reset` starts a new count after reading). */
export function gpuCounts(reset = false): { passes: number; readbacks: number } {
  const c = { passes, readbacks };
  if (reset) {
    passes = 0;
    readbacks = 0;
  }
  return c;
}
