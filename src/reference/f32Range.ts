/** Largest finite float32. */
export const F32_MAX = 3.4028234663852886e38;

/**
 * What a float32 GPU kernel stores for a value the float64 twin computed: beyond ±F32_MAX it is
 * ±∞ (IEEE overflow). Twins pass their outputs through this so an overflow shows on the CPU as it
 * does on the GPU, and the checks in src/engine/numericChecks.ts catch it on both.
 */
export function f32Range(x: number): number {
  return x > F32_MAX ? Infinity : x < -F32_MAX ? -Infinity : x;
}

/** f32Range over an array, in place. */
export function clampF32InPlace<T extends Float64Array>(xs: T): T {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    if (x > F32_MAX || x < -F32_MAX) xs[i] = f32Range(x);
  }
  return xs;
}
