/** IEEE half (binary16) and bfloat16 ↔ f32 conversions for weight files. */

/** Widens a binary16 bit pattern to a number (exact: every half is a float). */
export function f16ToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Widens a bfloat16 bit pattern (the top half of an f32). */
export function bf16ToF32(b: number): number {
  u32[0] = (b & 0xffff) << 16;
  return f32[0] as number;
}

/** Rounds a number to binary16 (round to nearest even), returning the bit pattern. */
export function f32ToF16(v: number): number {
  f32[0] = v;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && m & 1)) m++;
    return sign | m;
  }
  let m = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && m & 1)) {
    m++;
    if (m === 0x400) {
      m = 0;
      e++;
      if (e >= 31) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | m;
}

/** Rounds a number to bfloat16 (round to nearest even on the f32 bits), returning the bit pattern. */
export function f32ToBf16(v: number): number {
  f32[0] = v;
  const x = u32[0] as number;
  if ((x & 0x7f800000) === 0x7f800000 && x & 0x7fffff) return ((x >>> 16) | 0x40) & 0xffff; // quiet NaN
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

/** What narrowing a bf16 value to f16 does to it (bf16ToF16Lut().fate). */
export const HALF_EXACT = 0;
export const HALF_ROUNDED = 1;
export const HALF_OVERFLOW = 2;

let bf16ToF16Table: { readonly bits: Uint16Array; readonly fate: Uint8Array } | null = null;

/**
 * bfloat16 → binary16 for all 65 536 inputs (built once, 192 KB): `bits` the half's bit pattern,
 * `fate` HALF_EXACT, HALF_ROUNDED or HALF_OVERFLOW. Exact wherever the value is a normal half
 * (|x| in [2⁻¹⁴, 65504]; bf16's 8-bit mantissa fits in half's 10), rounded to nearest even into
 * half's subnormals below that, ±Infinity above (an overflow). A table lookup per element, so a
 * 135M-parameter checkpoint narrows in well under a second.
 */
export function bf16ToF16Lut(): { readonly bits: Uint16Array; readonly fate: Uint8Array } {
  if (bf16ToF16Table) return bf16ToF16Table;
  const bits = new Uint16Array(65536);
  const fate = new Uint8Array(65536);
  for (let b = 0; b < 65536; b++) {
    const x = bf16ToF32(b);
    const h = f32ToF16(x);
    bits[b] = h;
    const back = f16ToF32(h);
    fate[b] = Object.is(back, x) || (Number.isNaN(back) && Number.isNaN(x)) ? HALF_EXACT : Number.isFinite(back) || !Number.isFinite(x) ? HALF_ROUNDED : HALF_OVERFLOW;
  }
  bf16ToF16Table = { bits, fate };
  return bf16ToF16Table;
}
