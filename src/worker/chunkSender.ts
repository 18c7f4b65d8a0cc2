import type { Chunk } from '../schema/chunk';
import { LabError } from '../schema/errors';

/**
 * Sends a run's chunks to the page without waiting for each (the page draws while the run goes
 * on), but never loses one silently: a send that fails (a chunk that cannot be cloned, a buffer
 * already moved) fails the run at its next chunk, and `flush()` waits for every send and throws
 * the first failure.
 */
export function chunkSender(send: (chunk: Chunk) => Promise<unknown> | unknown) {
  const pending = new Set<Promise<unknown>>();
  let failure: { chunk: Chunk; error: unknown } | null = null;
  const raise = () => {
    if (!failure) return;
    const why = failure.error instanceof Error ? failure.error.message : String(failure.error);
    throw new LabError('chunk-lost', `A ${failure.chunk.kind} chunk could not be sent to the page (${why}); the run stopped so no result is missing silently.`);
  };
  return {
    emit(chunk: Chunk): void {
      raise();
      let p: Promise<unknown>;
      try {
        p = Promise.resolve(send(chunk));
      } catch (error) {
        p = Promise.reject(error);
      }
      pending.add(p);
      p.then(
        () => pending.delete(p),
        (error: unknown) => {
          pending.delete(p);
          failure ??= { chunk, error };
        },
      );
    },
    async flush(): Promise<void> {
      await Promise.allSettled([...pending]);
      raise();
    },
  };
}
