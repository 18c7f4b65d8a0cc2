/**
 * A ModelProvider for tests and the preset precompute: shipped models read from public/models/
 * on disk. Hub models are never downloaded here; a local file can stand in for one via `files`.
 */
import { resolve } from 'node:path';
import type { ModelProvider } from '../engine/modelProvider';
import { diskModels } from '../models/diskModels';
import { LabError } from '../schema/errors';
import { MODELS, type ModelId } from '../schema/models';

export function nodeModels(root = 'public', files: Partial<Record<ModelId, string>> = {}): ModelProvider {
  return diskModels((id) => {
    const info = MODELS[id];
    const path = files[id] ?? (info.origin === 'shipped' && info.url ? resolve(root, info.url) : null);
    if (!path) throw new LabError('bad-input', `${info.name} is not on this disk: pass its model.safetensors file`);
    return path;
  });
}
