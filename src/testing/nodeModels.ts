/**
 * A ModelProvider for Node (tests and the CLI): shipped models read from public/models/ on disk.
 * Hub models are never downloaded here; a local file can stand in for one via `files`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LoadedModel, ModelProvider } from '../engine/modelProvider';
import { loadModel } from '../models/model';
import { tokenizerFor } from '../models/tokenizer';
import { LabError } from '../schema/errors';
import { MODELS, type ModelId } from '../schema/models';

export function nodeModels(root = 'public', files: Partial<Record<ModelId, string>> = {}): ModelProvider {
  const cache = new Map<ModelId, Promise<LoadedModel>>();
  const load = async (id: ModelId): Promise<LoadedModel> => {
    const info = MODELS[id];
    const path = files[id] ?? (info.origin === 'shipped' && info.url ? resolve(root, info.url) : null);
    if (!path) throw new LabError('bad-input', `${info.name} is not on this disk: pass its model.safetensors file`);
    const model = loadModel(readFileSync(path), { nHead: info.heads ?? 12, tokenizer: info.tokenizer });
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
