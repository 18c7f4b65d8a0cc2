/**
 * A ModelProvider over files on disk, for Node (the CLI, tests, the preset precompute): parses
 * each model once and keeps it. Where the files are, and how failures read, is the caller's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadedLlama } from '../engine/llamaLoaded';
import { openLlama, type LlamaDownload } from './hubLlama';
import { parseLlamaConfig } from './llamaConfig';
import type { LoadedModel, ModelProvider } from '../engine/modelProvider';
import { MODELS, isLlamaId, type ModelId, type ModelTokenizer } from '../schema/models';
import { loadModel } from './model';
import { tokenizerFor } from './tokenizer';

/**
 * A Llama-family model's files on disk: its weights at `path`, config.json beside them (the lab's
 * own as NAME.config.json, a hub model's as config.json in the same folder), and for a 'hf'
 * tokenizer tokenizer.json and tokenizer_config.json in the same folder.
 */
export function llamaFromDisk(path: string, tokenizer: ModelTokenizer): LlamaDownload {
  const dir = dirname(path);
  const own = path.replace(/\.safetensors$/, '.config.json');
  const configPath = existsSync(own) && own !== path ? own : join(dir, 'config.json');
  const text = (p: string) => readFileSync(p, 'utf8');
  const config = parseLlamaConfig(JSON.parse(text(configPath)) as unknown, tokenizer === 'hf' ? 'hf' : 'byte');
  if (tokenizer !== 'hf') return { config, tokenizerJson: null, tokenizerConfig: null, weights: readFileSync(path) };
  const tc = join(dir, 'tokenizer_config.json');
  return { config, tokenizerJson: text(join(dir, 'tokenizer.json')), tokenizerConfig: existsSync(tc) ? text(tc) : null, weights: readFileSync(path) };
}

export function diskModels(pathOf: (id: ModelId) => string, onError: (e: unknown, id: ModelId, path: string) => Error = (e) => e as Error): ModelProvider {
  const cache = new Map<ModelId, Promise<LoadedModel>>();
  const load = async (id: ModelId): Promise<LoadedModel> => {
    const path = pathOf(id);
    const info = MODELS[id];
    if (isLlamaId(id)) {
      try {
        return loadedLlama(id, await openLlama(llamaFromDisk(path, info.tokenizer)));
      } catch (e) {
        throw onError(e, id, path);
      }
    }
    let model;
    try {
      model = loadModel(readFileSync(path), { tokenizer: info.tokenizer, ...(info.heads ? { nHead: info.heads } : {}) });
    } catch (e) {
      throw onError(e, id, path);
    }
    return { id, model, tokenizer: await tokenizerFor(model.config.tokenizer) };
  };
  return {
    load(id) {
      let p = cache.get(id);
      if (!p) cache.set(id, (p = load(id)));
      return p;
    },
  };
}
