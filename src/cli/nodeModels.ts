import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelProvider } from '../engine/modelProvider';
import { diskModels } from '../models/diskModels';
import { MODELS, type ModelId } from '../schema/models';
import { runtimeError } from './errors';
import { checkSafetensorsFile } from './fileChecks';

/**
 * The CLI's ModelProvider: shipped models are read from public/models/ on disk (found by walking
 * up from this module, so it works from src/cli under Vitest and from dist-cli/ when bundled);
 * hub models and dropped files come from a local safetensors file given with --model-file, since
 * the command line downloads nothing.
 */

/** public/models of the checkout this module runs from, or null. */
export function findModelsDir(from = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'public', 'models');
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

export function nodeModelProvider(opts: { modelsDir?: string | null; modelFile?: string | null } = {}): ModelProvider {
  const modelsDir = opts.modelsDir === undefined ? findModelsDir() : opts.modelsDir;
  const pathOf = (id: ModelId): string => {
    const info = MODELS[id];
    if (info.origin === 'shipped') {
      if (!modelsDir || !info.url) throw runtimeError(`model ${id}: public/models/ not found beside the command line`);
      return join(modelsDir, basename(info.url));
    }
    if (!opts.modelFile) {
      throw runtimeError(`model ${id} is not shipped: download its model.safetensors${info.url ? ` (${info.url})` : ''} and pass --model-file PATH`);
    }
    return resolve(opts.modelFile);
  };
  return diskModels(
    (id) => {
      const path = pathOf(id);
      if (!existsSync(path)) throw runtimeError(`model ${id}: ${path} does not exist`);
      checkSafetensorsFile(path, `model ${id}:`);
      return path;
    },
    (e, id, path) => runtimeError(`model ${id} (${path}): ${(e as Error).message.split('\n')[0]}`),
  );
}
