/** Weight storage as the 16-bit-aware shaders read it; no shader import, so loaders can use it in Node. */

/** How a weight buffer holds its elements: f32 bits, or two f16 / bf16 values per u32 (packHalf). */
export type WeightStorage = 'f32' | 'f16' | 'bf16';

/** WEIGHT_FORMAT of linear.wgsl and embedRows.wgsl for each storage. */
export const WEIGHT_FORMAT: Readonly<Record<WeightStorage, number>> = { f32: 0, f16: 1, bf16: 2 };

/**
 * The bytes of 16-bit weights (f16 or bf16 bit patterns) as the shaders read them, two per u32,
 * element 2k low: a Float32Array view of the same bytes, so the arena's f32 upload carries them
 * unchanged (a same-type typed-array copy moves bytes, NaN payloads included). No copy when the
 * count is even and the view is 4-byte aligned (a checkpoint's tensor usually is); else a padded copy.
 */
export function packHalf(bits: Uint16Array): Float32Array {
  const ok = bits.length % 2 === 0 && bits.byteOffset % 4 === 0;
  const even = ok ? bits : Uint16Array.from({ length: bits.length + (bits.length % 2) }, (_, i) => bits[i] ?? 0);
  return new Float32Array(even.buffer as ArrayBuffer, even.byteOffset, even.length / 2);
}
