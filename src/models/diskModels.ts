/**
 * A ModelProvider over files on disk, for Node (the CLI, tests, the preset precompute): parses
 * each model once and keeps it. Where the files are, and how failures read, is the caller's.
 */
import { readFileSync } from 'node:fs';
import type { LoadedModel, ModelProvider } from '../engine/modelProvider';
import { MODELS, type ModelId } from '../schema/models';
import { loadModel } from './model';
import { tokenizerFor } from './tokenizer';

export function diskModels(pathOf: (id: ModelId) => string, onError: (e: unknown, id: ModelId, path: string) => Error = (e) => e as Error): ModelProvider {
  const cache = new Map<ModelId, Promise<LoadedModel>>();
  const load = async (id: ModelId): Promise<LoadedModel> => {
    const path = pathOf(id);
    const info = MODELS[id];
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
