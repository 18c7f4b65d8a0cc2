/**
 * Read a byte stream (a download's body, a dropped file) into one ArrayBuffer, with progress, a
 * size limit and cancellation. Model files are hundreds of MB (GPT-2 small in f32: 548 MB), so
 * when the size is known up front the buffer is allocated once and filled in place: peak memory
 * is the file, not the file plus a list of chunks plus their concatenation.
 */
import { LabError } from '../schema/errors';

export interface DownloadProgress {
  /** Bytes received so far. */
  readonly loaded: number;
  /** Bytes expected (Content-Length or the file's size), or null when the source does not say. */
  readonly total: number | null;
  /** True when the bytes came from the browser's cache rather than the network. */
  readonly fromCache: boolean;
}

/** Largest model file the lab reads, in bytes: above it a tab would likely run out of memory. */
export const DEFAULT_MAX_BYTES = 1_500_000_000;

/** Progress events are at least this far apart (ms), apart from the first and the last. */
export const PROGRESS_INTERVAL_MS = 100;

export interface StreamBytesOptions {
  /** Expected size in bytes, or null; a stream that ends short of it is an error. */
  readonly total: number | null;
  readonly maxBytes: number;
  readonly onProgress?: (p: DownloadProgress) => void;
  readonly signal?: AbortSignal;
  /** What is being read, for messages: a URL or a file name. */
  readonly what: string;
  /** Said after a failure, e.g. how to get the file another way. */
  readonly hint: string;
  /** Clock in ms (tests pass their own); performance.now by default. */
  readonly now?: () => number;
}

/** "548.1 MB" */
export function formatBytes(n: number): string {
  if (n < 1e3) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

export const abortedError = (what: string): LabError => new LabError('aborted', `Reading ${what} was cancelled.`);

export function tooLargeError(what: string, size: number, maxBytes: number, known: boolean): LabError {
  const size_ = known ? `is ${formatBytes(size)}` : `is over ${formatBytes(size)}`;
  return new LabError('bad-input', `${what} ${size_}, more than the lab reads (${formatBytes(maxBytes)}): pick a smaller model.`);
}

/**
 * All bytes of `stream`, as one ArrayBuffer of exactly the stream's length. Throws LabError:
 * 'aborted' on the signal (the stream is cancelled), 'bad-input' when the stream passes
 * maxBytes, ends short of `total`, or fails part way.
 */
export async function streamBytes(stream: ReadableStream<Uint8Array>, opts: StreamBytesOptions): Promise<ArrayBuffer> {
  const { total, maxBytes, onProgress, signal, what, hint } = opts;
  const now = opts.now ?? (() => performance.now());
  if (total !== null && total > maxBytes) {
    await stream.cancel().catch(() => undefined);
    throw tooLargeError(what, total, maxBytes, true);
  }
  const reader = stream.getReader();
  const cancel = (): void => void reader.cancel().catch(() => undefined);
  if (signal?.aborted) {
    cancel();
    throw abortedError(what);
  }
  signal?.addEventListener('abort', cancel, { once: true });

  let buf = new Uint8Array(total ?? 1 << 20);
  let loaded = 0;
  let last = now();
  onProgress?.({ loaded: 0, total, fromCache: false });
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (signal?.aborted) throw abortedError(what);
        const why = e instanceof Error ? e.message : String(e);
        throw new LabError('bad-input', `Reading ${what} broke off after ${formatBytes(loaded)} (${why}). ${hint}`);
      }
      if (signal?.aborted) throw abortedError(what);
      if (chunk.done) break;
      const bytes = chunk.value;
      if (loaded + bytes.length > maxBytes) {
        cancel();
        throw tooLargeError(what, maxBytes, maxBytes, false);
      }
      if (loaded + bytes.length > buf.length) {
        // Unknown or understated size: grow geometrically (copies are O(total) overall).
        const grown = new Uint8Array(Math.min(maxBytes, Math.max(buf.length * 2, loaded + bytes.length)));
        grown.set(buf.subarray(0, loaded));
        buf = grown;
      }
      buf.set(bytes, loaded);
      loaded += bytes.length;
      const t = now();
      if (t - last >= PROGRESS_INTERVAL_MS) {
        last = t;
        onProgress?.({ loaded, total, fromCache: false });
      }
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    reader.releaseLock();
  }
  if (total !== null && loaded < total) {
    throw new LabError('bad-input', `Reading ${what} stopped at ${formatBytes(loaded)} of ${formatBytes(total)}. ${hint}`);
  }
  onProgress?.({ loaded, total, fromCache: false });
  return loaded === buf.byteLength ? buf.buffer : buf.slice(0, loaded).buffer;
}
