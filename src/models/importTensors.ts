/**
 * Bring-your-own tensors (issue 5 item 5): Q, K (optionally V) or attention maps from `.npy` or
 * `.safetensors` files, as written by tools/export_attention.py. Shapes accepted per tensor:
 * [n, d] (one head), [heads, n, d] or [layers, heads, n, d]; maps are [.., n, n].
 */
import { LabError } from '../schema/errors';
import type { Tensor } from '../schema/tensor';
import { readNpy } from './npy';
import { parseSafetensors, tensorF32 } from './safetensors';

/** Reads every tensor in a `.npy` (named `name`) or `.safetensors` file, detected by its bytes. */
export function readTensorFile(bytes: Uint8Array, name = 'tensor'): Map<string, Tensor> {
  if (bytes[0] === 0x93 && bytes[1] === 0x4e) return new Map([[name, readNpy(bytes)]]);
  const f = parseSafetensors(bytes);
  return new Map([...f.entries.keys()].map((k) => [k, tensorF32(f, k)]));
}

export interface QkvSet {
  readonly q: Tensor;
  readonly k: Tensor;
  readonly v: Tensor | null;
}

/** Checks that Q, K (and V) agree: same rank 2–4, same leading dims and length n, Q and K same d. */
export function checkQkv(q: Tensor, k: Tensor, v: Tensor | null = null): QkvSet {
  const bad = (m: string): LabError => new LabError('bad-input', `imported tensors: ${m}`);
  const r = q.shape.length;
  if (r < 2 || r > 4) throw bad(`Q has rank ${r}; expected [n, d], [heads, n, d] or [layers, heads, n, d]`);
  const same = (a: readonly number[], b: readonly number[], upto: number) => a.length === b.length && a.slice(0, upto).every((x, i) => x === b[i]);
  if (!same(q.shape, k.shape, r)) throw bad(`K shape [${k.shape.join(', ')}] differs from Q shape [${q.shape.join(', ')}]`);
  if (v && !same(q.shape, v.shape, r - 1)) throw bad(`V shape [${v.shape.join(', ')}] does not match Q's leading dims [${q.shape.slice(0, r - 1).join(', ')}]`);
  return { q, k, v };
}
