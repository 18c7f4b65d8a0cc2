/**
 * The worker's ImportProvider: the last import the user dropped (parsed and checked once, on
 * drop), replaced by the next. A link can describe an import but not carry it, so a source the
 * worker does not hold (a cold link, a restarted worker) fails with a message to drop it again.
 */
import type { ImportSource } from '../schema/experiment';
import { readImport, type ImportFile, type ImportedTensors } from '../models/importTensors';
import { missingImport, sameImport, type ImportProvider } from '../engine/importRun';

let kept: ImportedTensors | null = null;

/** Parses and checks dropped files; keeps them (replacing any earlier import) and returns their description. Throws LabError. */
export function setImported(files: readonly ImportFile[]): ImportSource {
  const t = readImport(files);
  kept = t;
  return t.source;
}

export const workerImports: ImportProvider = {
  get(src) {
    if (!kept || !sameImport(kept.source, src)) throw missingImport(src);
    return kept;
  },
};
