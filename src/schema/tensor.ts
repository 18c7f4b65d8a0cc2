/**
 * A dense tensor: a flat Float32Array in row-major order with its shape.
 * Never nested arrays (STYLE.md habit 9).
 */
export interface Tensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** A float64 tensor, used by the CPU twins (src/reference). */
export interface Tensor64 {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

/** Number of elements implied by a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
