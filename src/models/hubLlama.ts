/**
 * A Llama-family model's files, downloaded on request like GPT-2's weights (hub.ts: progress,
 * the Cache API, the same messages when a download cannot happen): config.json first, checked
 * before anything large is fetched, so an unsupported model is refused at once rather than after a
 * gigabyte; then tokenizer_config.json and tokenizer.json; then the weights, one
 * model.safetensors or an index and its shards. openLlama turns the files into a model and its
 * tokenizer.
 */
import type { LlamaFiles } from '../schema/models';
import { LabError } from '../schema/errors';
import { fetchModelBytes, type ByteCache, type DownloadProgress } from './hub';
import { tokenizerFromJson, type HfTokenizer } from './hfTokenizer';
import { parseLlamaConfig, type LlamaConfig } from './llamaConfig';
import { loadLlama, type LlamaModel, type LlamaWeightSource } from './llamaWeights';
import { tokenizerFor, type Tokenizer } from './tokenizer';

/** Progress of one file of a multi-file download: loaded/total are that file's bytes. */
export interface FileProgress extends DownloadProgress {
  /** The file's name (config.json, tokenizer.json, model.safetensors, a shard's name). */
  readonly file: string;
  /** 1-based position among the files known so far, and their count (grows with an index). */
  readonly index: number;
  readonly count: number;
}

export interface FetchLlamaOptions {
  readonly onProgress?: (p: FileProgress) => void;
  readonly signal?: AbortSignal;
  readonly cache?: ByteCache;
  readonly fetchFn?: typeof fetch;
  /** Largest single file, in bytes (default: hub.ts's 1.5 GB). */
  readonly maxBytes?: number;
}

/** The raw files of a Llama-family model, the config already checked. */
export interface LlamaDownload {
  readonly config: LlamaConfig;
  readonly tokenizerJson: string | null;
  readonly tokenizerConfig: string | null;
  readonly weights: LlamaWeightSource;
}

const text = (b: ArrayBuffer): string => new TextDecoder().decode(b);
const baseName = (url: string): string => url.replace(/[?#].*$/, '').replace(/^.*\//, '');
const sibling = (url: string, name: string): string => url.replace(/[^/]*$/, name);

/** Shard file names of an index, in first-seen order; throws naming the file when malformed. */
function shardNames(indexText: string, url: string): string[] {
  let index: unknown;
  try {
    index = JSON.parse(indexText) as unknown;
  } catch (e) {
    throw new LabError('bad-input', `${baseName(url)}: is not valid JSON (${(e as Error).message})`);
  }
  const map = (index as { weight_map?: unknown } | null)?.weight_map;
  if (typeof map !== 'object' || map === null) throw new LabError('bad-input', `${baseName(url)}: has no weight_map`);
  const names = [...new Set(Object.values(map as Record<string, unknown>))];
  for (const n of names) {
    if (typeof n !== 'string' || !/^[\w.-]+\.safetensors$/.test(n)) throw new LabError('bad-input', `${baseName(url)}: shard name ${JSON.stringify(n)} is not a .safetensors file beside the index`);
  }
  return names as string[];
}

/**
 * Downloads (or reads from the cache) every file of a model. `tokenizer` says how its text
 * becomes ids when the files have no tokenizer.json (the lab's byte models). Throws LabError:
 * 'bad-input' for an unsupported config (before the weights are fetched) or a failed download
 * (the message names the file and URL), 'aborted' on the signal.
 */
export async function fetchLlamaFiles(files: LlamaFiles, opts: FetchLlamaOptions = {}): Promise<LlamaDownload> {
  const urls = [files.config, files.tokenizerConfig, files.tokenizer, files.weights].filter((u): u is string => u !== null);
  let count = urls.length;
  let index = 0;
  const get = async (url: string): Promise<ArrayBuffer> => {
    const at = ++index;
    const file = baseName(url);
    return fetchModelBytes(url, {
      signal: opts.signal, cache: opts.cache, fetchFn: opts.fetchFn, maxBytes: opts.maxBytes,
      onProgress: (p) => opts.onProgress?.({ ...p, file, index: at, count }),
    });
  };
  const config = parseLlamaConfig(text(await get(files.config)), files.tokenizer === null ? 'byte' : 'hf');
  const tokenizerConfig = files.tokenizerConfig === null ? null : text(await get(files.tokenizerConfig));
  const tokenizerJson = files.tokenizer === null ? null : text(await get(files.tokenizer));
  if (!files.sharded) return { config, tokenizerJson, tokenizerConfig, weights: await get(files.weights) };
  const indexText = text(await get(files.weights));
  const names = shardNames(indexText, files.weights);
  count += names.length;
  const shards = new Map<string, ArrayBuffer>();
  for (const name of names) shards.set(name, await get(sibling(files.weights, name)));
  return { config, tokenizerJson, tokenizerConfig, weights: { index: indexText, shards } };
}

/** A model ready to run: weights checked against the config, and its tokenizer. */
export interface OpenedLlama {
  readonly model: LlamaModel;
  readonly tokenizer: Tokenizer | HfTokenizer;
  /** Id put first by the model's rules (tokenizer's rule, else config.json's bos for byte models). */
  readonly bos: number | null;
}

/** Loads the weights and the tokenizer of downloaded (or dropped) files; ids beyond the model's vocabulary are refused. */
export async function openLlama(d: LlamaDownload): Promise<OpenedLlama> {
  const model = loadLlama(d.config, d.weights);
  if (d.tokenizerJson === null) return { model, tokenizer: await tokenizerFor('byte'), bos: d.config.bosId };
  const tokenizer = await tokenizerFromJson(d.tokenizerJson, d.tokenizerConfig ?? {});
  if (tokenizer.vocab > d.config.vocab) {
    throw new LabError('bad-input', `tokenizer.json has ${tokenizer.vocab} ids but config.json's vocab_size is ${d.config.vocab}: the files are from different models`);
  }
  return { model, tokenizer, bos: tokenizer.bos };
}
