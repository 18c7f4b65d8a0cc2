import type { Rng } from '../engine/random';
import type { Mutator } from './fuzz';

/**
 * Hostile variants of a binary file for importer fuzzing: truncation, byte flips, inserted and
 * deleted runs, header-length lies, huge numbers written over the header, and garbage tails.
 */
const int = (rng: Rng, n: number) => Math.floor(rng() * n);

export const BYTE_MUTATORS: readonly Mutator<Uint8Array>[] = [
  { name: 'truncate', mutate: (b, rng) => b.slice(0, int(rng, b.length)) },
  {
    name: 'byte-flip',
    mutate: (b, rng) => {
      const out = b.slice();
      for (let k = 1 + int(rng, 8); k > 0; k--) out[int(rng, out.length)] = int(rng, 256);
      return out;
    },
  },
  {
    name: 'header-flip',
    mutate: (b, rng) => {
      const out = b.slice();
      for (let k = 1 + int(rng, 4); k > 0; k--) out[int(rng, Math.min(out.length, 256))] = int(rng, 256);
      return out;
    },
  },
  {
    name: 'length-lie',
    mutate: (b, rng) => {
      const out = b.slice();
      const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      const at = int(rng, Math.max(1, Math.min(out.length - 4, 16)));
      if (out.length >= at + 4) view.setUint32(at, [0, 1, 0xffffffff, out.length * 7, int(rng, 2 ** 32)][int(rng, 5)] as number, true);
      return out;
    },
  },
  {
    name: 'insert',
    mutate: (b, rng) => {
      const at = int(rng, b.length + 1);
      const run = Uint8Array.from({ length: 1 + int(rng, 64) }, () => int(rng, 256));
      const out = new Uint8Array(b.length + run.length);
      out.set(b.subarray(0, at));
      out.set(run, at);
      out.set(b.subarray(at), at + run.length);
      return out;
    },
  },
  {
    name: 'delete',
    mutate: (b, rng) => {
      const at = int(rng, b.length);
      const end = Math.min(b.length, at + 1 + int(rng, 64));
      const out = new Uint8Array(b.length - (end - at));
      out.set(b.subarray(0, at));
      out.set(b.subarray(end), at);
      return out;
    },
  },
  {
    name: 'text-swap',
    mutate: (b, rng) => {
      // Rewrites ASCII in the header: dtype names, shape digits, quotes and braces.
      const out = b.slice();
      const swaps: [number, number][] = [[0x46, 0x49], [0x33, 0x39], [0x22, 0x27], [0x7b, 0x5b], [0x31, 0x30], [0x32, 0x2d]];
      for (let i = 0; i < Math.min(out.length, 4096); i++) {
        const s = swaps[int(rng, swaps.length)] as [number, number];
        if (out[i] === s[0] && rng() < 0.05) out[i] = s[1];
      }
      return out;
    },
  },
  {
    name: 'garbage-tail',
    mutate: (b, rng) => {
      const tail = Uint8Array.from({ length: 1 + int(rng, 512) }, () => int(rng, 256));
      const out = new Uint8Array(b.length + tail.length);
      out.set(b);
      out.set(tail, b.length);
      return out;
    },
  },
];
