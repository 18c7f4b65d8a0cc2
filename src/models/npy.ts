/**
 * `.npy` reader (NumPy format 1.0–3.0) for imported Q, K, V or attention maps: little-endian
 * float32, float16 or float64 (widened or narrowed to f32), C order. The header is validated
 * before anything is allocated: magic, version, header length, the dict's keys and values, and a
 * data section exactly as long as the shape says. Failures are LabError('bad-input').
 */
import { LabError } from '../schema/errors';
import type { Tensor } from '../schema/tensor';
import { f16ToF32 } from './half';

/** Largest tensor accepted (elements): 2 GiB of f32. */
export const MAX_NPY_ELEMENTS = 2 ** 29;

const bad = (msg: string): LabError => new LabError('bad-input', `npy: ${msg}`);
const DESCR: Record<string, 2 | 4 | 8> = { '<f2': 2, '<f4': 4, '<f8': 8, '|f2': 2 };

export function readNpy(input: ArrayBuffer | Uint8Array): Tensor {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) throw bad('not a .npy file (missing the \\x93NUMPY magic)');
  const major = bytes[6] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw bad('file too short for a version 2/3 header (truncated?)');
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    throw bad(`format version ${major}.${bytes[7]} is not supported (1, 2 or 3)`);
  }
  if (headerLen > 1 << 20) throw bad(`header length ${headerLen} is absurd`);
  if (start + headerLen > bytes.length) throw bad(`header length ${headerLen} runs past the end of the ${bytes.length}-byte file (truncated?)`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw bad(`header ${JSON.stringify(header.trim())} lacks descr, fortran_order or shape`);
  }
  const width = DESCR[descr];
  if (width === undefined) throw bad(`dtype '${descr}' is not supported (little-endian float16, float32 or float64)`);
  if (fortran === 'True') throw bad('Fortran-order arrays are not supported: save with np.ascontiguousarray');
  const dims = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (dims.length > 8 || !dims.every((s) => /^\d+$/.test(s))) throw bad(`shape (${shapeText}) is not a tuple of at most 8 non-negative integers`);
  const shape = dims.map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count) || count > MAX_NPY_ELEMENTS) throw bad(`shape (${shape.join(', ')}) is absurdly large`);
  const dataStart = start + headerLen;
  const need = count * width;
  const have = bytes.length - dataStart;
  if (have < need) throw bad(`shape (${shape.join(', ')}) × ${descr} needs ${need} data bytes but the file has ${have} (truncated?)`);
  if (have > need) throw bad(`${have - need} trailing bytes after the data: the header lies about the shape or dtype`);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const at = dataStart + i * width;
    out[i] = width === 4 ? view.getFloat32(at, true) : width === 8 ? view.getFloat64(at, true) : f16ToF32(view.getUint16(at, true));
  }
  return { data: out, shape };
}

/** Writes a float32 C-order `.npy` (version 1.0), e.g. for tests and exports. */
export function writeNpy(t: Tensor): Uint8Array {
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
  while ((10 + header.length + 1) % 64) header += ' ';
  header += '\n';
  const out = new Uint8Array(10 + header.length + t.data.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  t.data.forEach((v, i) => view.setFloat32(10 + header.length + 4 * i, v, true));
  return out;
}
