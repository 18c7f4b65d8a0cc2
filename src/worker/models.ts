/**
 * The worker's ModelProvider: shipped models from this origin (public/models/), hub models from
 * Hugging Face on request (streamed with progress, kept in the Cache API after the first
 * download), and a model file the user dropped on the page. Parsed models stay in memory: the
 * three shipped ones (~20 MB each as float32) and at most one large one. A dropped file is parsed
 * when it arrives: one that is refused leaves the model in use as it was.
 */
import { LabError } from '../schema/errors';
import { LLAMA_MODELS, MODELS, isLlamaId, type LlamaModelId, type ModelId } from '../schema/models';
import { fetchLlamaFiles, openLlama } from '../models/hubLlama';
import { loadedLlama } from '../engine/llamaLoaded';
import { droppedLlama } from '../models/droppedLlama';
import { loadModel } from '../models/model';
import { fetchModelBytes, browserCache } from '../models/hub';
import { tokenizerFor } from '../models/tokenizer';
import type { LoadedModel, LoadProgress, ModelProvider } from '../engine/modelProvider';
import { allowingSilence, parseMs } from './liveness';
import * as hooks from './testHooks';

const loaded = new Map<ModelId, Promise<LoadedModel>>();
let dropped: { name: string; data: Blob | ArrayBuffer } | null = null;

/** config.json / tokenizer.json / tokenizer_config.json dropped with the weights (a Llama-family model). */
let side = new Map<string, ArrayBuffer>();
/** Reads of those files still in flight: the weights wait for them. */
let sideReads: Promise<void>[] = [];
let lastWasWeights = true;

/**
 * A file the user dropped. Several files come one at a time, the .json ones before the weights;
 * a .json after weights starts a new set, and weights after weights drop the old .json files.
 * Weights are parsed now and kept (replacing any earlier file) only if they load; a refused file
 * throws its LabError and the earlier file stays in use.
 */
export async function setDroppedModel(name: string, data: Blob | ArrayBuffer): Promise<void> {
  const base = name.replace(/^.*[\\/]/, '');
  if (lastWasWeights) {
    side = new Map();
    sideReads = [];
  }
  if (base.endsWith('.json')) {
    lastWasWeights = false;
    const into = side;
    // Registered before the first await, so weights arriving next wait for it.
    sideReads.push((data instanceof Blob ? data.arrayBuffer() : Promise.resolve(data)).then((b) => void into.set(base, b)));
    return;
  }
  lastWasWeights = true;
  await Promise.all(sideReads);
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data;
  const lm = await parse('file', bytes);
  dropped = { name, data };
  loaded.set('file', Promise.resolve(lm));
}

function urlOf(id: ModelId): string {
  const info = MODELS[id];
  if (!info.url) throw new LabError('bad-input', `${info.name} has no URL`);
  return info.origin === 'hub' ? info.url : new URL(info.url, new URL(import.meta.env.BASE_URL, self.location.origin)).href;
}

async function bytesOf(id: ModelId, onProgress?: (p: LoadProgress) => void): Promise<ArrayBuffer> {
  const info = MODELS[id];
  if (info.origin === 'file') {
    if (!dropped) throw new LabError('bad-input', 'No model file here: drop a GPT-2-style model.safetensors on the lab (files are not part of links).');
    return dropped.data instanceof Blob ? dropped.data.arrayBuffer() : dropped.data;
  }
  return fetchModelBytes(urlOf(id), { onProgress, cache: info.origin === 'hub' ? browserCache() : undefined });
}

/** A Llama-family model's files (config.json first, refused there if unsupported), then weights and tokenizer. */
async function loadLlamaFiles(id: LlamaModelId, onProgress?: (p: LoadProgress) => void): Promise<LoadedModel> {
  const info = LLAMA_MODELS[id];
  const base = new URL(import.meta.env.BASE_URL, self.location.origin);
  const at = (u: string | null) => (u === null || info.origin === 'hub' ? u : new URL(u, base).href);
  const f = info.files;
  const files = { ...f, config: at(f.config) as string, tokenizer: at(f.tokenizer), tokenizerConfig: at(f.tokenizerConfig), weights: at(f.weights) as string };
  const d = await fetchLlamaFiles(files, { onProgress: (p) => onProgress?.({ loaded: p.loaded, total: p.total, fromCache: p.fromCache }), cache: info.origin === 'hub' ? browserCache() : undefined });
  return loadedLlama(id, await openLlama(d));
}

async function load(id: ModelId, onProgress?: (p: LoadProgress) => void): Promise<LoadedModel> {
  if (isLlamaId(id)) return loadLlamaFiles(id, onProgress);
  return parse(id, await bytesOf(id, onProgress));
}

async function parse(id: ModelId, bytes: ArrayBuffer): Promise<LoadedModel> {
  const info = MODELS[id];
  const llama = id === 'file' ? droppedLlama(side, bytes) : null;
  if (llama) return loadedLlama(id, await openLlama(llama));
  // Parsing a large file holds the thread for seconds: the heartbeat must not take it for a hang.
  const model = await allowingSilence(parseMs(bytes.byteLength), 'reading the model', () => {
    hooks.whileParsing();
    return loadModel(bytes, { nHead: info.heads ?? 12, tokenizer: info.tokenizer });
  });
  const tokenizer = await tokenizerFor(model.config.tokenizer);
  return { id, model, tokenizer };
}

export const workerModels: ModelProvider = {
  load(id, onProgress) {
    let p = loaded.get(id);
    if (!p) {
      // Keep the small shipped models; let a large one go before loading another.
      for (const other of [...loaded.keys()]) if (MODELS[other].origin !== 'shipped' && MODELS[id].origin !== 'shipped') loaded.delete(other);
      p = load(id, onProgress);
      loaded.set(id, p);
      p.catch(() => loaded.get(id) === p && loaded.delete(id));
    }
    return p;
  },
};
