import { describe, expect, it } from 'vitest';
import { LabError } from '../schema/errors';
import { browserCache, fetchModelBytes, readDroppedFile, type ByteCache, type DownloadProgress } from './hub';
import { streamBytes } from './streamBytes';

const URL_ = 'https://huggingface.co/openai-community/gpt2/resolve/main/model.safetensors';

/** size bytes with a position-dependent pattern, so misplaced chunks show. */
function pattern(size: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + (i >> 8)) & 0xff;
  return b;
}

/** A body that hands out `bytes` in chunks of `chunk` bytes, one per pull; `onPull(k)` sees pull k. */
function chunkedStream(bytes: Uint8Array, chunk: number, onPull?: (k: number) => void): ReadableStream<Uint8Array> {
  let at = 0;
  let k = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      onPull?.(k++);
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

interface FakeFetch {
  fn: typeof fetch;
  calls: { url: string; init?: RequestInit }[];
}

function fakeFetch(respond: () => Response | Promise<Response>): FakeFetch {
  const calls: FakeFetch['calls'] = [];
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    return respond();
  }) as typeof fetch;
  return { fn, calls };
}

function memoryCache(): ByteCache & { store: Map<string, ArrayBuffer> } {
  const store = new Map<string, ArrayBuffer>();
  return {
    store,
    get: async (url) => store.get(url) ?? null,
    put: async (url, bytes) => void store.set(url, bytes.slice(0)),
    delete: async (url) => store.delete(url),
  };
}

/** Byte equality without vitest's element-by-element diff (slow on MB arrays). */
function expectBytes(out: ArrayBuffer, want: Uint8Array): void {
  expect(out.byteLength).toBe(want.length);
  expect(Buffer.from(out).equals(want)).toBe(true);
}

async function labError(p: Promise<unknown>): Promise<LabError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(LabError);
  return e as LabError;
}

function checkProgress(events: DownloadProgress[], size: number, total: number | null): void {
  expect(events.length).toBeGreaterThanOrEqual(2);
  for (let i = 1; i < events.length; i++) expect(events[i]!.loaded).toBeGreaterThanOrEqual(events[i - 1]!.loaded);
  for (const e of events) expect(e).toMatchObject({ total, fromCache: false });
  expect(events[0]!.loaded).toBe(0);
  expect(events.at(-1)!.loaded).toBe(size);
}

describe('fetchModelBytes', () => {
  const SIZE = 300_001;
  const bytes = pattern(SIZE);

  it('streams a chunked body with Content-Length: bytes equal, progress monotone to the size, then cached', async () => {
    const f = fakeFetch(() => new Response(chunkedStream(bytes, 7_000), { headers: { 'content-length': String(SIZE) } }));
    const cache = memoryCache();
    const events: DownloadProgress[] = [];
    const out = await fetchModelBytes(URL_, { fetchFn: f.fn, cache, onProgress: (p) => events.push(p) });
    expectBytes(out, bytes);
    expect(out.byteLength).toBe(SIZE);
    checkProgress(events, SIZE, SIZE);
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]!.url).toBe(URL_);
    expectBytes(cache.store.get(URL_)!, bytes);

    // Second time: from the cache, one event, no request.
    const again: DownloadProgress[] = [];
    const out2 = await fetchModelBytes(URL_, { fetchFn: f.fn, cache, onProgress: (p) => again.push(p) });
    expectBytes(out2, bytes);
    expect(again).toEqual([{ loaded: SIZE, total: SIZE, fromCache: true }]);
    expect(f.calls).toHaveLength(1);
  });

  it('streams a body without Content-Length (total null, buffer grown)', async () => {
    const big = pattern(3_000_017); // past the 1 MiB first guess, twice
    const f = fakeFetch(() => new Response(chunkedStream(big, 65_536)));
    const events: DownloadProgress[] = [];
    const out = await fetchModelBytes(URL_, { fetchFn: f.fn, cache: memoryCache(), onProgress: (p) => events.push(p) });
    expect(out.byteLength).toBe(big.length);
    expectBytes(out, big);
    checkProgress(events, big.length, null);
  });

  it('ignores Content-Length under a content coding', async () => {
    const f = fakeFetch(() => new Response(chunkedStream(bytes, 50_000), { headers: { 'content-length': '1000', 'content-encoding': 'gzip' } }));
    const events: DownloadProgress[] = [];
    const out = await fetchModelBytes(URL_, { fetchFn: f.fn, cache: memoryCache(), onProgress: (p) => events.push(p) });
    expectBytes(out, bytes);
    expect(events.at(-1)).toEqual({ loaded: SIZE, total: null, fromCache: false });
  });

  it('aborts mid-stream: LabError aborted, the body cancelled, nothing cached', async () => {
    const ctl = new AbortController();
    let pulls = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulls++;
        if (pulls === 3) ctl.abort();
        if (pulls > 3) return new Promise<void>(() => undefined); // the network stalls
        c.enqueue(new Uint8Array(1000));
      },
      cancel() {
        cancelled = true;
      },
    });
    const f = fakeFetch(() => new Response(body, { headers: { 'content-length': '100000' } }));
    const cache = memoryCache();
    const e = await labError(fetchModelBytes(URL_, { fetchFn: f.fn, cache, signal: ctl.signal }));
    expect(e.kind).toBe('aborted');
    expect(cancelled).toBe(true);
    expect(cache.store.size).toBe(0);
    expect(f.calls[0]!.init?.signal).toBe(ctl.signal);
  });

  it('aborts a stalled read at once', async () => {
    const ctl = new AbortController();
    const body = new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => undefined) });
    const f = fakeFetch(() => new Response(body));
    const p = fetchModelBytes(URL_, { fetchFn: f.fn, cache: memoryCache(), signal: ctl.signal });
    setTimeout(() => ctl.abort(), 20);
    expect((await labError(p)).kind).toBe('aborted');
  });

  it('an already-aborted signal makes no request', async () => {
    const f = fakeFetch(() => new Response('x'));
    const ctl = new AbortController();
    ctl.abort();
    expect((await labError(fetchModelBytes(URL_, { fetchFn: f.fn, cache: memoryCache(), signal: ctl.signal }))).kind).toBe('aborted');
    expect(f.calls).toHaveLength(0);
  });

  it('a fetch rejected with AbortError is aborted', async () => {
    const ctl = new AbortController();
    const f = fakeFetch(() => {
      ctl.abort();
      throw new DOMException('The operation was aborted.', 'AbortError');
    });
    expect((await labError(fetchModelBytes(URL_, { fetchFn: f.fn, cache: memoryCache(), signal: ctl.signal }))).kind).toBe('aborted');
  });

  it('404: bad-input naming the status and the file-drop alternative', async () => {
    const f = fakeFetch(() => new Response('Entry not found', { status: 404, statusText: 'Not Found' }));
    const cache = memoryCache();
    const e = await labError(fetchModelBytes(URL_, { fetchFn: f.fn, cache }));
    expect(e.kind).toBe('bad-input');
    expect(e.message).toContain('404 Not Found');
    expect(e.message).toContain(`download model.safetensors from ${URL_}`);
    expect(e.message).toContain('drop it on the lab');
    expect(cache.store.size).toBe(0);
  });

  it('a network failure (offline, CORS, CSP) says where it failed and how to load the file by hand', async () => {
    const f = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const e = await labError(fetchModelBytes(URL_, { fetchFn: f.fn, cache: memoryCache() }));
    expect(e.kind).toBe('bad-input');
    expect(e.message).toContain('huggingface.co');
    expect(e.message).toContain('drop it on the lab');
  });

  it('refuses a declared size over maxBytes before reading', async () => {
    let pulls = 0;
    const body = chunkedStream(bytes, 1000, () => pulls++);
    const f = fakeFetch(() => new Response(body, { headers: { 'content-length': String(SIZE) } }));
    const e = await labError(fetchModelBytes(URL_, { fetchFn: f.fn, cache: memoryCache(), maxBytes: 100_000 }));
    expect(e.kind).toBe('bad-input');
    expect(e.message).toContain('300.0 kB');
    expect(e.message).toContain('100.0 kB');
    expect(pulls).toBeLessThanOrEqual(1); // the stream may prime one pull; nothing was read
  });

  it('refuses an undeclared body once it passes maxBytes', async () => {
    const f = fakeFetch(() => new Response(chunkedStream(bytes, 10_000)));
    const cache = memoryCache();
    const e = await labError(fetchModelBytes(URL_, { fetchFn: f.fn, cache, maxBytes: 100_000 }));
    expect(e.kind).toBe('bad-input');
    expect(e.message).toMatch(/over 100\.0 kB/);
    expect(cache.store.size).toBe(0);
  });

  it('a body shorter than its Content-Length is an error, not a truncated model', async () => {
    const f = fakeFetch(() => new Response(chunkedStream(bytes.subarray(0, 5000), 1000), { headers: { 'content-length': '9000' } }));
    const cache = memoryCache();
    const e = await labError(fetchModelBytes(URL_, { fetchFn: f.fn, cache }));
    expect(e.kind).toBe('bad-input');
    expect(e.message).toContain('stopped at 5.0 kB of 9.0 kB');
    expect(cache.store.size).toBe(0);
  });

  it('a body that errors part way is bad-input with the hint', async () => {
    let n = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (++n > 2) return c.error(new TypeError('network error'));
        c.enqueue(new Uint8Array(100));
      },
    });
    const e = await labError(fetchModelBytes(URL_, { fetchFn: fakeFetch(() => new Response(body)).fn, cache: memoryCache() }));
    expect(e.kind).toBe('bad-input');
    expect(e.message).toContain('broke off after 200 B');
    expect(e.message).toContain('drop it on the lab');
  });

  it('a failing cache is only a miss: the download still succeeds', async () => {
    const broken: ByteCache = {
      get: () => Promise.reject(new Error('SecurityError')),
      put: () => Promise.reject(new DOMException('quota', 'QuotaExceededError')),
      delete: async () => false,
    };
    const f = fakeFetch(() => new Response(chunkedStream(bytes, 50_000)));
    expectBytes(await fetchModelBytes(URL_, { fetchFn: f.fn, cache: broken }), bytes);
  });
});

describe('streamBytes progress', () => {
  it('reports at most every 100 ms of its clock, plus the first and the last', async () => {
    let clock = 0;
    const size = 50 * 1000;
    const events: DownloadProgress[] = [];
    // Each pull advances the clock by 30 ms: 50 chunks over 1.5 s.
    const stream = chunkedStream(pattern(size), 1000, () => (clock += 30));
    const out = await streamBytes(stream, {
      total: size, maxBytes: 1e9, what: 't', hint: '', now: () => clock, onProgress: (p) => events.push(p),
    });
    expect(out.byteLength).toBe(size);
    expect(events.length).toBeGreaterThan(5);
    expect(events.length).toBeLessThan(25);
    expect(events.at(-1)!.loaded).toBe(size);
  });
});

describe('readDroppedFile', () => {
  it('reads a File with progress to its size', async () => {
    const bytes = pattern(200_000);
    const file = new File([bytes], 'model.safetensors');
    const events: DownloadProgress[] = [];
    const out = await readDroppedFile(file, (p) => events.push(p));
    expectBytes(out, bytes);
    checkProgress(events, bytes.length, bytes.length);
  });

  it('refuses a file over maxBytes, and stops on abort', async () => {
    const file = new File([new Uint8Array(5000)], 'big.safetensors');
    const big = await labError(readDroppedFile(file, undefined, { maxBytes: 1000 }));
    expect(big.kind).toBe('bad-input');
    expect(big.message).toContain('"big.safetensors"');
    const ctl = new AbortController();
    ctl.abort();
    expect((await labError(readDroppedFile(file, undefined, { signal: ctl.signal }))).kind).toBe('aborted');
  });
});

describe('browserCache', () => {
  it('keeps nothing where there is no Cache API (Node)', async () => {
    const c = browserCache();
    await c.put(URL_, new ArrayBuffer(4));
    expect(await c.get(URL_)).toBeNull();
    expect(await c.delete(URL_)).toBe(false);
  });
});
