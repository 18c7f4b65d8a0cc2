import { clampF32InPlace } from './f32Range';

/** Float64 twin of shaders/matmul.wgsl: C [m, n] = A [m, k] · B [k, n], row-major. */
export function matmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let t = 0; t < k; t++) {
      const x = a[i * k + t] as number;
      for (let j = 0; j < n; j++) c[i * n + j] = (c[i * n + j] as number) + x * (b[t * n + j] as number);
    }
  }
  return clampF32InPlace(c); // a float32 kernel overflows to ±∞ here
}

/** Aᵀ [cols, rows] of a row-major A [rows, cols]. */
export function transpose(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j] as number;
  return t;
}
