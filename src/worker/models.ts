/**
 * The worker's ModelProvider: shipped models from this origin (public/models/), hub models from
 * Hugging Face on request (streamed with progress, kept in the Cache API after the first
 * download), and a model file the user dropped on the page. Parsed models stay in memory: the
 * three shipped ones (~20 MB each as float32) and at most one large one.
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

const loaded = new Map<ModelId, Promise<LoadedModel>>();
let dropped: { name: string; bytes: ArrayBuffer } | null = null;

/** A model file the user dropped (replaces any earlier one). */
/** config.json / tokenizer.json / tokenizer_config.json dropped with the weights (a Llama-family model). */
let side = new Map<string, ArrayBuffer>();
let lastWasWeights = true;

/**
 * A file the user dropped. Several files come one at a time, the .json ones before the weights;
 * a .json after weights starts a new set, and weights after weights drop the old .json files.
 */
export function setDroppedModel(name: string, bytes: ArrayBuffer): void {
  const base = name.replace(/^.*[\\/]/, '');
  if (base.endsWith('.json')) {
    if (lastWasWeights) side = new Map();
    side.set(base, bytes);
    lastWasWeights = false;
  } else {
    if (lastWasWeights) side = new Map();
    dropped = { name, bytes };
    lastWasWeights = true;
  }
  loaded.delete('file');
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
    return dropped.bytes;
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
  const info = MODELS[id];
  const bytes = await bytesOf(id, onProgress);
  const llama = id === 'file' ? droppedLlama(side, bytes) : null;
  if (llama) return loadedLlama(id, await openLlama(llama));
  const model = loadModel(bytes, { nHead: info.heads ?? 12, tokenizer: info.tokenizer });
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
