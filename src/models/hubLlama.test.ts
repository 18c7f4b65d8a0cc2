/**
 * The hub path of a Llama-family model with streamed fake responses (no network here): the
 * catalogue's real URLs answer with a tiny SmolLM2-layout checkpoint in bf16, the tokenizer
 * fixtures and config files, in chunks with Content-Length, as the hub would.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LLAMA_MODELS, type LlamaFiles } from '../schema/models';
import type { ByteCache } from './hub';
import { fetchLlamaFiles, openLlama, type FileProgress } from './hubLlama';
import { llamaForwardRef } from './llamaRef';
import { writeSafetensors } from './safetensors';
import { tinyLlamaConfig, tinyLlamaTensors, type TinyLlamaSpec } from './testLlama';

const SPEC: TinyLlamaSpec = { nLayer: 2, nHead: 3, nKvHead: 1, nEmbd: 12, nFf: 20, vocab: 274, tied: true, dtype: 'BF16' };
const tokenizerJson = readFileSync(new URL('./fixtures/tokenizers/bytelevel-bpe.json', import.meta.url));
const enc = (s: string) => new TextEncoder().encode(s);

function chunked(bytes: Uint8Array, chunk = 4096): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

function hubServer(files: Record<string, Uint8Array>) {
  const calls: string[] = [];
  const fn = (async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    const body = files[url];
    if (!body) return new Response('Entry not found', { status: 404, statusText: 'Not Found' });
    return new Response(chunked(body), { status: 200, headers: { 'content-length': String(body.length) } });
  }) as typeof fetch;
  return { fn, calls };
}

function memoryCache(): ByteCache {
  const store = new Map<string, ArrayBuffer>();
  return { get: async (u) => store.get(u) ?? null, put: async (u, b) => void store.set(u, b.slice(0)), delete: async (u) => store.delete(u) };
}

const smol = LLAMA_MODELS['smollm2-135m'].files;
const smolFiles = (config = tinyLlamaConfig(SPEC)): Record<string, Uint8Array> => ({
  [smol.config]: enc(JSON.stringify(config)),
  [smol.tokenizerConfig as string]: enc(JSON.stringify({ bos_token: '<|endoftext|>', eos_token: '<|endoftext|>', add_prefix_space: false })),
  [smol.tokenizer as string]: tokenizerJson,
  [smol.weights]: writeSafetensors(tinyLlamaTensors(SPEC), { format: 'pt' }),
});

describe('Llama-family hub download', () => {
  it('the catalogue: SmolLM2-135M and Qwen2.5-0.5B from their repos, one model.safetensors each', () => {
    expect(smol).toEqual({
      config: 'https://huggingface.co/HuggingFaceTB/SmolLM2-135M/resolve/main/config.json',
      tokenizer: 'https://huggingface.co/HuggingFaceTB/SmolLM2-135M/resolve/main/tokenizer.json',
      tokenizerConfig: 'https://huggingface.co/HuggingFaceTB/SmolLM2-135M/resolve/main/tokenizer_config.json',
      weights: 'https://huggingface.co/HuggingFaceTB/SmolLM2-135M/resolve/main/model.safetensors',
      sharded: false,
    });
    expect(LLAMA_MODELS['qwen2.5-0.5b'].files.weights).toBe('https://huggingface.co/Qwen/Qwen2.5-0.5B/resolve/main/model.safetensors');
  });

  it('config, tokenizer files and weights in order, with per-file progress; then runs; the second time from the cache', async () => {
    const server = hubServer(smolFiles());
    const cache = memoryCache();
    const seen: FileProgress[] = [];
    const d = await fetchLlamaFiles(smol, { fetchFn: server.fn, cache, onProgress: (p) => seen.push(p) });
    expect(server.calls).toEqual([smol.config, smol.tokenizerConfig, smol.tokenizer, smol.weights]);
    const last = seen.filter((p) => p.file === 'model.safetensors').at(-1)!;
    expect(last).toMatchObject({ index: 4, count: 4, fromCache: false });
    expect(last.loaded).toBe(last.total);
    expect(seen.some((p) => p.file === 'tokenizer.json' && p.index === 3)).toBe(true);
    const { model, tokenizer, bos } = await openLlama(d);
    expect(bos).toBeNull(); // SmolLM2's tokenizer adds no BOS
    expect(model.embed.dtype).toBe('BF16');
    const ids = tokenizer.encode(' the beginning', bos);
    expect(Array.from(ids)).toEqual([261, 272]);
    expect(llamaForwardRef(model, ids).loss[0]).toBeGreaterThan(0);

    const again = hubServer({});
    const cached: FileProgress[] = [];
    await fetchLlamaFiles(smol, { fetchFn: again.fn, cache, onProgress: (p) => cached.push(p) });
    expect(again.calls).toEqual([]);
    expect(cached.every((p) => p.fromCache)).toBe(true);
  });

  it('an unsupported config is refused before the weights are fetched', async () => {
    const server = hubServer(smolFiles({ ...tinyLlamaConfig(SPEC), model_type: 'mistral', sliding_window: 4096 }));
    await expect(fetchLlamaFiles(smol, { fetchFn: server.fn, cache: memoryCache() })).rejects.toThrow(/config.json: model_type "mistral" is not supported/);
    expect(server.calls).toEqual([smol.config]);
  });

  it('a missing file names itself and the way out', async () => {
    const files = smolFiles();
    delete files[smol.tokenizer as string];
    const server = hubServer(files);
    await expect(fetchLlamaFiles(smol, { fetchFn: server.fn, cache: memoryCache() }))
      .rejects.toThrow(`The hub answered 404 Not Found for ${smol.tokenizer} (no such file). You can download tokenizer.json from ${smol.tokenizer} yourself and drop it on the lab.`);
  });

  it('sharded weights: the index, then each shard beside it', async () => {
    const t = tinyLlamaTensors(SPEC);
    const names = Object.keys(t);
    const a = Object.fromEntries(names.slice(0, 5).map((n) => [n, t[n]!]));
    const b = Object.fromEntries(names.slice(5).map((n) => [n, t[n]!]));
    const base = 'https://huggingface.co/acme/tiny/resolve/main/';
    const files: LlamaFiles = { ...smol, config: `${base}config.json`, tokenizer: `${base}tokenizer.json`, tokenizerConfig: `${base}tokenizer_config.json`, weights: `${base}model.safetensors.index.json`, sharded: true };
    const index = { metadata: {}, weight_map: Object.fromEntries(names.map((n, i) => [n, i < 5 ? 'model-00001-of-00002.safetensors' : 'model-00002-of-00002.safetensors'])) };
    const server = hubServer({
      [files.config]: enc(JSON.stringify(tinyLlamaConfig(SPEC))),
      [files.tokenizerConfig as string]: enc('{}'),
      [files.tokenizer as string]: tokenizerJson,
      [files.weights]: enc(JSON.stringify(index)),
      [`${base}model-00001-of-00002.safetensors`]: writeSafetensors(a),
      [`${base}model-00002-of-00002.safetensors`]: writeSafetensors(b),
    });
    const seen: FileProgress[] = [];
    const { model } = await openLlama(await fetchLlamaFiles(files, { fetchFn: server.fn, cache: memoryCache(), onProgress: (p) => seen.push(p) }));
    expect(server.calls.slice(4)).toEqual([`${base}model-00001-of-00002.safetensors`, `${base}model-00002-of-00002.safetensors`]);
    expect(seen.at(-1)).toMatchObject({ file: 'model-00002-of-00002.safetensors', index: 6, count: 6 });
    expect(model.layers).toHaveLength(2);
  });

  it('a tokenizer larger than the model vocabulary is refused (files from different models)', async () => {
    const small = { ...SPEC, vocab: 100 };
    const files = smolFiles(tinyLlamaConfig(small));
    files[smol.weights] = writeSafetensors(tinyLlamaTensors(small));
    const d = await fetchLlamaFiles(smol, { fetchFn: hubServer(files).fn, cache: memoryCache() });
    await expect(openLlama(d)).rejects.toThrow("tokenizer.json has 274 ids but config.json's vocab_size is 100: the files are from different models");
  });
});
