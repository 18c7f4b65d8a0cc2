import { describe, expect, it } from 'vitest';
import { LabError } from '../schema/errors';
import { BYTE_MUTATORS } from '../testing/byteMutators';
import { fuzz, type FuzzTarget, type Verdict } from '../testing/fuzz';
import { loadModel } from './model';
import { readNpy, writeNpy } from './npy';
import { readTensorFile } from './importTensors';
import { writeSafetensors } from './safetensors';
import { tinyModelBytes } from './testModel';

/**
 * ≥ 1,000 mutated files through each importer (model loader, .npy, tensor file):
 * zero crashes (anything but a LabError with a message), zero hangs (bounded ms per case).
 * Figures: `npx vitest run src/models/importers.fuzz.test.ts` prints the per-category table.
 */

/** A parser's verdict: accepted, or a LabError whose message a user can read; anything else throws on. */
function verdictOf(parse: () => unknown): Verdict {
  try {
    parse();
    return { ok: true };
  } catch (e) {
    if (e instanceof LabError) return { ok: false, messages: [e.message] };
    throw e;
  }
}

function report(name: string, r: ReturnType<typeof fuzz<Uint8Array>>) {
  console.log(`${name}: ${r.cases} files, ${r.accepted} accepted, ${r.rejected} rejected, ${r.crashes.length} crashes, max ${r.maxMs.toFixed(1)} ms, total ${r.totalMs.toFixed(0)} ms`);
  console.table(r.byMutator);
  expect(r.crashes.map((c) => c.error)).toEqual([]);
  expect(r.silentRejections).toHaveLength(0);
  expect(r.slow).toHaveLength(0);
  expect(r.cases).toBeGreaterThanOrEqual(1000);
}

describe('importers survive hostile files', () => {
  it('the model loader (safetensors + GPT-2 names + metadata)', () => {
    const seeds = [
      tinyModelBytes({ nLayer: 1, nHead: 2, nEmbd: 8, nCtx: 16, vocab: 20, seed: 1 }),
      tinyModelBytes({ nLayer: 2, nHead: 2, nEmbd: 8, nCtx: 8, vocab: 12, seed: 2, dtype: 'F16' }),
    ];
    const target: FuzzTarget<Uint8Array> = { seeds, mutators: BYTE_MUTATORS, run: (b) => verdictOf(() => loadModel(b)) };
    report('model loader', fuzz(target, { casesPerMutator: 130, seed: 5, slowMs: 500 }));
  });

  it('the .npy reader', () => {
    const seeds = [
      writeNpy({ data: Float32Array.from({ length: 24 }, (_, i) => i / 7), shape: [2, 3, 4] }),
      writeNpy({ data: new Float32Array([1, 2, 3]), shape: [3] }),
    ];
    const target: FuzzTarget<Uint8Array> = { seeds, mutators: BYTE_MUTATORS, run: (b) => verdictOf(() => readNpy(b)) };
    report('npy', fuzz(target, { casesPerMutator: 130, seed: 6, slowMs: 200 }));
  });

  it('the tensor-file importer (.safetensors of Q, K, V)', () => {
    const qkv = (seed: number) => Float32Array.from({ length: 2 * 6 * 4 }, (_, i) => Math.sin(seed + i));
    const seeds = [
      writeSafetensors({
        q: { shape: [2, 6, 4], dtype: 'F32', data: qkv(1) },
        k: { shape: [2, 6, 4], dtype: 'F32', data: qkv(2) },
        v: { shape: [2, 6, 4], dtype: 'F16', data: qkv(3) },
      }, { source: 'fuzz seed' }),
    ];
    const target: FuzzTarget<Uint8Array> = { seeds, mutators: BYTE_MUTATORS, run: (b) => verdictOf(() => readTensorFile(b, 'qkv.safetensors')) };
    report('tensor file', fuzz(target, { casesPerMutator: 130, seed: 7, slowMs: 200 }));
  });
});
