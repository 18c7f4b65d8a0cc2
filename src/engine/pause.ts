/**
 * Lets the thread handle its messages (the client's heartbeat, a newer run's abort) between
 * steps of CPU work: a macrotask, so queued messages run before the work goes on.
 */
export const yieldNow = (): Promise<void> => new Promise<void>((r) => setTimeout(r, 0));
