/**
 * safetensors reader and writer (format: u64 little-endian header length N, N bytes of JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {string: string}}`, then the
 * tensor bytes, little-endian and row-major, offsets relative to the end of the header).
 *
 * Everything the header claims is checked against the file before a single tensor is copied:
 * header length, JSON shape, dtypes, shapes, offsets (in range, no overlap, no gaps, size equal to
 * the shape's), total size equal to the file's. Failures are LabError('bad-input') naming the
 * tensor and the problem, so a truncated download or a lying header never becomes a wrong model.
 */
import { LabError } from '../schema/errors';
import type { Tensor } from '../schema/tensor';
import { f16ToF32, f32ToF16, bf16ToF32, f32ToBf16 } from './half';

export type StDtype = 'F32' | 'F16' | 'BF16';

const BYTES: Record<StDtype, number> = { F32: 4, F16: 2, BF16: 2 };

/** Headers larger than this are refused (Hugging Face's own reader uses 100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;
/** Files larger than this are refused outright: more than a browser tab should hold. */
export const MAX_FILE_BYTES = 2 ** 31;

export interface StEntry {
  readonly name: string;
  readonly dtype: StDtype;
  readonly shape: readonly number[];
  /** Byte range inside the data section. */
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsFile {
  readonly metadata: Readonly<Record<string, string>>;
  readonly entries: ReadonlyMap<string, StEntry>;
  /** The data section (a view into the caller's bytes, not a copy). */
  readonly data: Uint8Array;
}

const bad = (msg: string): LabError => new LabError('bad-input', `safetensors: ${msg}`);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function asBytes(input: ArrayBuffer | Uint8Array): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/** Parses and validates the header; copies nothing. */
export function parseSafetensors(input: ArrayBuffer | Uint8Array): SafetensorsFile {
  const bytes = asBytes(input);
  if (bytes.byteLength > MAX_FILE_BYTES) throw bad(`file of ${bytes.byteLength} bytes is larger than the ${MAX_FILE_BYTES}-byte limit`);
  if (bytes.byteLength < 8) throw bad(`file of ${bytes.byteLength} bytes is too short for the 8-byte header length (truncated?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) throw bad(`header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const headerLen = Number(n);
  if (headerLen < 2) throw bad(`header length ${headerLen} is too small for a JSON object`);
  if (8 + headerLen > bytes.byteLength) {
    throw bad(`header length ${headerLen} runs past the end of the ${bytes.byteLength}-byte file (truncated?)`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    throw bad(`header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (!isObject(header)) throw bad('header is not a JSON object');
  const metadata: Record<string, string> = {};
  const entries: StEntry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isObject(raw)) throw bad('__metadata__ is not an object');
      for (const [k, v] of Object.entries(raw)) {
        if (typeof v !== 'string') throw bad(`__metadata__.${k} is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    entries.push(parseEntry(name, raw));
  }
  const data = bytes.subarray(8 + headerLen);
  checkLayout(entries, data.byteLength);
  return { metadata, entries: new Map(entries.map((e) => [e.name, e])), data };
}

function parseEntry(name: string, raw: unknown): StEntry {
  if (!isObject(raw)) throw bad(`tensor "${name}": entry is not an object`);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== 'string' || !(dtype in BYTES)) {
    throw bad(`tensor "${name}": dtype ${JSON.stringify(dtype)} is not supported (F32, F16 or BF16)`);
  }
  if (!Array.isArray(shape) || shape.length > 8 || !shape.every(isCount)) {
    throw bad(`tensor "${name}": shape ${JSON.stringify(shape)} is not a list of at most 8 non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw bad(`tensor "${name}": data_offsets ${JSON.stringify(offsets)} is not [begin, end]`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) throw bad(`tensor "${name}": data_offsets end ${end} is before begin ${begin}`);
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  const size = count * BYTES[dtype as StDtype];
  if (!Number.isSafeInteger(size) || size > MAX_FILE_BYTES) throw bad(`tensor "${name}": shape ${JSON.stringify(shape)} is absurdly large`);
  if (end - begin !== size) {
    throw bad(`tensor "${name}": shape ${JSON.stringify(shape)} × ${dtype} needs ${size} bytes but data_offsets span ${end - begin}`);
  }
  return { name, dtype: dtype as StDtype, shape: shape as number[], begin, end };
}

/** Offsets must tile the data section exactly: sorted, no overlap, no gap, nothing past the end. */
function checkLayout(entries: readonly StEntry[], dataBytes: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.begin < at) throw bad(`tensor "${e.name}": bytes ${e.begin}–${e.end} overlap the previous tensor (ends at ${at})`);
    if (e.begin > at) throw bad(`tensor "${e.name}": gap of ${e.begin - at} bytes before it (header lies about the layout)`);
    if (e.end > dataBytes) {
      throw bad(`tensor "${e.name}": bytes ${e.begin}–${e.end} run past the ${dataBytes}-byte data section (truncated?)`);
    }
    at = e.end;
  }
  if (at !== dataBytes) throw bad(`data section has ${dataBytes} bytes but the tensors cover ${at} (trailing bytes or a header lie)`);
}

/** One tensor as f32 (F16 and BF16 are widened exactly). */
export function tensorF32(file: SafetensorsFile, name: string): Tensor {
  const e = file.entries.get(name);
  if (!e) throw bad(`tensor "${name}" is missing`);
  const raw = file.data.subarray(e.begin, e.end);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const count = (e.end - e.begin) / BYTES[e.dtype];
  const out = new Float32Array(count);
  if (e.dtype === 'F32') for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  else if (e.dtype === 'F16') for (let i = 0; i < count; i++) out[i] = f16ToF32(view.getUint16(2 * i, true));
  else for (let i = 0; i < count; i++) out[i] = bf16ToF32(view.getUint16(2 * i, true));
  return { data: out, shape: e.shape };
}

export interface StTensorIn {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
  /** Storage type; values are rounded to nearest even (F16, BF16). F32 by default. */
  readonly dtype?: StDtype;
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * One tensor's elements as stored, without widening: a Float32Array (F32) or the Uint16Array bit
 * patterns (F16, BF16). A view of the file's bytes when they are aligned (2 or 4 bytes) and the
 * host is little-endian (every WebGPU platform); a copy otherwise.
 */
export function tensorRaw(file: SafetensorsFile, name: string): { readonly dtype: StDtype; readonly shape: readonly number[]; readonly raw: Float32Array | Uint16Array } {
  const e = file.entries.get(name);
  if (!e) throw bad(`tensor "${name}" is missing`);
  const bytes = file.data.subarray(e.begin, e.end);
  const size = BYTES[e.dtype];
  const count = (e.end - e.begin) / size;
  const Ctor = e.dtype === 'F32' ? Float32Array : Uint16Array;
  if (LITTLE_ENDIAN && bytes.byteOffset % size === 0) return { dtype: e.dtype, shape: e.shape, raw: new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, count) };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const raw = new Ctor(count);
  for (let i = 0; i < count; i++) raw[i] = e.dtype === 'F32' ? view.getFloat32(4 * i, true) : view.getUint16(2 * i, true);
  return { dtype: e.dtype, shape: e.shape, raw };
}

/** Writes a safetensors file (tensors in the given order, header padded to 8 bytes with spaces). */
export function writeSafetensors(tensors: Readonly<Record<string, StTensorIn>>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  const parts: { t: StTensorIn; dtype: StDtype; begin: number }[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    const dtype = t.dtype ?? 'F32';
    const size = t.data.length * BYTES[dtype];
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    parts.push({ t, dtype, begin: offset });
    offset += size;
  }
  let json = JSON.stringify(header);
  while (json.length % 8) json += ' ';
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.byteLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.byteLength), true);
  out.set(head, 8);
  const base = 8 + head.byteLength;
  for (const { t, dtype, begin } of parts) {
    for (let i = 0; i < t.data.length; i++) {
      const v = t.data[i] as number;
      if (dtype === 'F32') view.setFloat32(base + begin + 4 * i, v, true);
      else view.setUint16(base + begin + 2 * i, dtype === 'F16' ? f32ToF16(v) : f32ToBf16(v), true);
    }
  }
  return out;
}
