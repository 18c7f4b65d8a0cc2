/**
 * Model weights from the Hugging Face hub, downloaded by the user's own browser (in the worker),
 * with progress, and kept in the Cache API so the second visit starts at once; or from a file the
 * user drops on the lab, which is also the way out when a download cannot happen (offline, a
 * firewall, a proxy). Nothing here runs unless the user picks a hub model: the lab makes no
 * request beyond its own origin on its own.
 *
 * The page's CSP lists the hub's hosts in connect-src (vite.config.ts, HUB_CONNECT_SRC); a
 * redirect to a host not listed fails like a network error, and the message says what to do.
 */
import { LabError } from '../schema/errors';
import { DEFAULT_MAX_BYTES, abortedError, formatBytes, streamBytes, type DownloadProgress } from './streamBytes';

export type { DownloadProgress } from './streamBytes';
export { DEFAULT_MAX_BYTES, formatBytes } from './streamBytes';

/** Whole files by URL. Implementations never throw for a miss: get() gives null. */
export interface ByteCache {
  get(url: string): Promise<ArrayBuffer | null>;
  put(url: string, bytes: ArrayBuffer): Promise<void>;
  /** True when an entry was removed. */
  delete(url: string): Promise<boolean>;
}

/** Cache API store of downloaded model files; bump the suffix if what is stored changes. */
export const MODEL_CACHE_NAME = 'attention-lab-models-v1';

const noCache: ByteCache = {
  get: async () => null,
  put: async () => undefined,
  delete: async () => false,
};

/**
 * The Cache API store MODEL_CACHE_NAME where the context has one (window and worker, secure
 * contexts only), else a cache that keeps nothing.
 */
export function browserCache(): ByteCache {
  const storage = (globalThis as { caches?: CacheStorage }).caches;
  if (storage === undefined) return noCache;
  const open = () => storage.open(MODEL_CACHE_NAME);
  return {
    async get(url) {
      const hit = await (await open()).match(url);
      return hit ? hit.arrayBuffer() : null;
    },
    async put(url, bytes) {
      const headers = { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) };
      await (await open()).put(url, new Response(bytes, { headers }));
    },
    async delete(url) {
      return (await open()).delete(url);
    },
  };
}

export interface FetchModelOptions {
  readonly onProgress?: (p: DownloadProgress) => void;
  readonly signal?: AbortSignal;
  /** Where finished downloads are kept; browserCache() by default. */
  readonly cache?: ByteCache;
  /** The fetch to use; globalThis.fetch by default. */
  readonly fetchFn?: typeof fetch;
  /** Refuse a file larger than this many bytes (default 1.5 GB). */
  readonly maxBytes?: number;
}

/** What to do when the lab cannot download a file itself. */
export const dropHint = (url: string): string =>
  `You can download ${url.replace(/[?#].*$/, '').replace(/^.*\//, '') || 'the file'} from ${url} yourself and drop it on the lab.`;

const isAbort = (e: unknown, signal?: AbortSignal): boolean =>
  signal?.aborted === true || (e instanceof Error && e.name === 'AbortError');

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Content-Length when it is the size of the body we will read (no content coding), else null. */
function bodySize(res: Response): number | null {
  const coding = res.headers.get('content-encoding');
  if (coding !== null && coding !== 'identity') return null;
  const n = Number(res.headers.get('content-length') ?? NaN);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * The bytes of a model file at `url`: from `cache` when it holds them (one progress event with
 * fromCache: true), else downloaded with progress events (at most every ~100 ms, and a last one
 * with loaded = the file's size) and then stored in the cache. A failing cache is only a miss.
 *
 * Throws LabError: 'aborted' when `signal` fires; 'bad-input' for an HTTP error status, a network
 * failure, a body over maxBytes or one that ends early, each message saying what happened and how
 * to load the file by hand.
 */
export async function fetchModelBytes(url: string, opts: FetchModelOptions = {}): Promise<ArrayBuffer> {
  const { onProgress, signal } = opts;
  const cache = opts.cache ?? browserCache();
  const fetchFn = opts.fetchFn ?? globalThis.fetch.bind(globalThis);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (signal?.aborted) throw abortedError(url);

  const cached = await cache.get(url).catch(() => null);
  if (cached !== null) {
    onProgress?.({ loaded: cached.byteLength, total: cached.byteLength, fromCache: true });
    return cached;
  }
  if (signal?.aborted) throw abortedError(url);

  let res: Response;
  try {
    res = await fetchFn(url, { signal, credentials: 'omit' });
  } catch (e) {
    if (isAbort(e, signal)) throw abortedError(url);
    const host = hostOf(url);
    throw new LabError(
      'bad-input',
      `Could not reach ${host}: offline, or the request was blocked (a firewall, a proxy, or the page's security policy). ${dropHint(url)}`,
    );
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    const status = `${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
    const why = res.status === 404 ? 'no such file' : res.status === 401 || res.status === 403 ? 'access refused' : 'download failed';
    throw new LabError('bad-input', `The hub answered ${status} for ${url} (${why}). ${dropHint(url)}`);
  }
  const total = bodySize(res);
  const what = url;
  const hint = dropHint(url);
  let bytes: ArrayBuffer;
  if (res.body === null) {
    bytes = await res.arrayBuffer();
    onProgress?.({ loaded: bytes.byteLength, total, fromCache: false });
  } else {
    try {
      bytes = await streamBytes(res.body, { total, maxBytes, onProgress, signal, what, hint });
    } catch (e) {
      if (isAbort(e, signal)) throw abortedError(url);
      throw e;
    }
  }
  await cache.put(url, bytes).catch(() => undefined); // quota or private mode: the lab still runs
  return bytes;
}

export interface ReadFileOptions {
  readonly signal?: AbortSignal;
  /** Refuse a file larger than this many bytes (default 1.5 GB). */
  readonly maxBytes?: number;
}

/**
 * The bytes of a file the user dropped or picked, with progress (fromCache: false, total = the
 * file's size). Throws LabError 'aborted' on the signal, 'bad-input' over maxBytes or on a read
 * error.
 */
export async function readDroppedFile(
  file: Blob,
  onProgress?: (p: DownloadProgress) => void,
  opts: ReadFileOptions = {},
): Promise<ArrayBuffer> {
  const name = file instanceof File ? `"${file.name}"` : 'the file';
  const hint = `Check that the file is still there, and drop it again (${formatBytes(file.size)}).`;
  return streamBytes(file.stream(), {
    total: file.size,
    maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
    onProgress,
    signal: opts.signal,
    what: name,
    hint,
  });
}
