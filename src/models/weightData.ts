/**
 * One weight tensor's data in the forms its consumers need, without widening the rest of the
 * model: a number at an index, f32 values (the float64 twin, an f32 GPU buffer), binary16 bits
 * (f16 GPU storage, read by linear.wgsl through unpack2x16float), and rows of several weights
 * stacked for one fused projection.
 */
import { packHalf, type WeightStorage } from '../gpu/kernels/weightStorage';
import { LabError } from '../schema/errors';
import { HALF_OVERFLOW, HALF_ROUNDED, bf16ToF16Lut, bf16ToF32, f16ToF32, f32ToF16 } from './half';
import type { StDtype } from './safetensors';

const bad = (msg: string): LabError => new LabError('bad-input', `weights: ${msg}`);

/** One tensor in its file's dtype: f32 values, or f16/bf16 bit patterns. */
export interface Weight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: StDtype;
  readonly raw: Float32Array | Uint16Array;
}

/** Element i of a weight as a number (exact for every dtype). */
export function weightAt(w: Weight, i: number): number {
  const x = w.raw[i] as number;
  return w.dtype === 'F32' ? x : w.dtype === 'F16' ? f16ToF32(x) : bf16ToF32(x);
}

/** A weight as f32 values: the stored array itself for f32, an exact widened copy for f16/bf16. */
export function weightF32(w: Weight): Float32Array {
  if (w.dtype === 'F32') return w.raw as Float32Array;
  const out = new Float32Array(w.raw.length);
  const raw = w.raw as Uint16Array;
  if (w.dtype === 'F16') for (let i = 0; i < raw.length; i++) out[i] = f16ToF32(raw[i] as number);
  else {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < raw.length; i++) bits[i] = (raw[i] as number) << 16; // bf16 is the top half of an f32
  }
  return out;
}

export interface HalfWeight {
  /** binary16 bit patterns, same element order as the weight. */
  readonly bits: Uint16Array;
  /** Elements that became ±Infinity (|x| > 65504 in an f32 or bf16 weight). */
  readonly overflow: number;
  /** Elements that changed value (0 for f16; f32 and bf16 below 2⁻¹⁴ or with low mantissa bits). */
  readonly rounded: number;
}

/**
 * A weight as binary16 bits for f16 GPU storage: f16 is the stored array itself; bf16 goes
 * through a 64 K-entry table (exact for normal halves); f32 is rounded to nearest even. The caller
 * decides what an overflow means (the GPU path keeps such a tensor in f32).
 */
export function weightF16(w: Weight): HalfWeight {
  if (w.dtype === 'F16') return { bits: w.raw as Uint16Array, overflow: 0, rounded: 0 };
  const out = new Uint16Array(w.raw.length);
  let rounded = 0;
  let overflow = 0;
  if (w.dtype === 'BF16') {
    const { bits, fate } = bf16ToF16Lut();
    const raw = w.raw as Uint16Array;
    for (let i = 0; i < out.length; i++) {
      const x = raw[i] as number;
      out[i] = bits[x] as number;
      const f = fate[x];
      if (f === HALF_ROUNDED) rounded++;
      else if (f === HALF_OVERFLOW) overflow++;
    }
  } else {
    const raw = w.raw as Float32Array;
    for (let i = 0; i < out.length; i++) {
      const x = raw[i] as number;
      const h = f32ToF16(x);
      out[i] = h;
      const back = f16ToF32(h);
      if (back !== x) {
        if (Number.isFinite(back)) rounded++;
        else overflow++;
      }
    }
  }
  return { bits: out, overflow, rounded };
}

/**
 * Row-wise concatenation of weights with the same inner size, in one dtype: [W_q; W_k; W_v] for one
 * fused Q|K|V projection, [W_gate; W_up] for one gate|up projection (linear.wgsl then writes the
 * fused layouts rope, gqaScores, gqaOutput and swiglu read by stride). Mixed dtypes are widened
 * to f32. Biases ([out]) concatenate the same way.
 */
export function concatRows(name: string, ws: readonly Weight[]): Weight {
  const inner = ws[0]?.shape.length === 2 ? (ws[0].shape[1] as number) : null;
  for (const w of ws) {
    const wInner = w.shape.length === 2 ? w.shape[1] : null;
    if (w.shape.length !== ws[0]?.shape.length || wInner !== inner) throw bad(`cannot stack "${w.name}" [${w.shape.join(', ')}] under "${ws[0]?.name}"`);
  }
  const same = ws.every((w) => w.dtype === ws[0]?.dtype);
  const dtype: StDtype = same ? (ws[0]?.dtype ?? 'F32') : 'F32';
  const parts = ws.map((w) => (same ? w.raw : weightF32(w)));
  const total = parts.reduce((t, p) => t + p.length, 0);
  const raw = dtype === 'F32' ? new Float32Array(total) : new Uint16Array(total);
  let at = 0;
  for (const p of parts) {
    raw.set(p as never, at);
    at += p.length;
  }
  const rows = ws.reduce((t, w) => t + (w.shape[0] as number), 0);
  return { name, shape: inner === null ? [rows] : [rows, inner], dtype, raw };
}

/** A weight's bytes for a GPU storage buffer, and how the shaders must read them (linear.wgsl). */
export interface GpuWeight {
  /** The bytes to upload, as a Float32Array view (two 16-bit values per element for 'f16' / 'bf16'). */
  readonly data: Float32Array;
  readonly storage: WeightStorage;
}

/**
 * A weight laid out for the GPU. Compact (the default): a 16-bit checkpoint keeps its storage,
 * f16 as 'f16' and bf16 as 'bf16', the file's bytes uploaded as they are (no conversion on the
 * host, half the GPU memory of f32; linear.wgsl and embedRows.wgsl widen each value exactly to
 * f32, with or without `shader-f16`); f32 stays f32. Not compact: f32 for every weight.
 */
export function weightForGpu(w: Weight, compact = true): GpuWeight {
  if (compact && w.dtype !== 'F32') return { data: packHalf(w.raw as Uint16Array), storage: w.dtype === 'F16' ? 'f16' : 'bf16' };
  return { data: weightF32(w), storage: 'f32' };
}
