import { describe, expect, it } from 'vitest';
import { createLabStore, MAX_FILE_BYTES } from './store';

/** A Blob that only claims a size: files over 2 GiB cannot be made in a test, and need not be read. */
const huge = (size: number) => ({ size }) as Blob;

describe('store: dropped files', () => {
  it('refuses a file over 2 GiB at once, in words, without reading it or changing anything', () => {
    const store = createLabStore();
    store.getState().dropModelFile('llama-8b.safetensors', huge(MAX_FILE_BYTES + 1));
    expect(store.getState().modelFile).toBeNull();
    expect(store.getState().modelReading).toBeNull();
    expect(store.getState().notices[0]?.message).toMatch(/llama-8b.safetensors is 2\.0 GiB: the lab reads files up to 2 GiB/);
    store.getState().dropImportFiles([{ name: 'q.npy', bytes: huge(10) }, { name: 'k.npy', bytes: huge(3 * 2 ** 30) }]);
    expect(store.getState().importFiles).toBeNull();
    expect(store.getState().importReading).toBeNull();
    expect(store.getState().notices.map((n) => n.message).join()).toMatch(/k\.npy is 3\.0 GiB/);
  });

  it('a refused model file says so and names the one that stays in use', () => {
    const store = createLabStore();
    store.getState().dropModelFile('good.safetensors', huge(100));
    expect(store.getState().modelReading).toBe('good.safetensors');
    store.getState().acceptModelFile('good.safetensors');
    store.getState().dropModelFile('bad.safetensors', huge(100));
    store.getState().refuseModelFile('bad.safetensors', 'not a safetensors file.');
    expect(store.getState().modelInUse).toBe('good.safetensors');
    expect(store.getState().modelReading).toBeNull();
    expect(store.getState().notices[0]?.message).toBe('bad.safetensors was refused: not a safetensors file. good.safetensors stays in use.');
  });
});
