/**
 * Small dense float64 linear algebra for the σReparam maths: row-major matrices as flat arrays
 * with explicit shapes (STYLE habit 9). Sizes here are head-sized (≤ a few hundred), so the
 * cyclic Jacobi eigen solver below is exact to rounding and fast enough.
 */

/** Gram matrix of a row-major M [rows, cols]: MᵀM [cols, cols] (`outer` false) or MMᵀ [rows, rows]. */
export function gram(m: ArrayLike<number>, rows: number, cols: number, outer: boolean): Float64Array {
  const k = outer ? rows : cols;
  const g = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      if (outer) for (let c = 0; c < cols; c++) s += (m[a * cols + c] as number) * (m[b * cols + c] as number);
      else for (let r = 0; r < rows; r++) s += (m[r * cols + a] as number) * (m[r * cols + b] as number);
      g[a * k + b] = s;
      g[b * k + a] = s;
    }
  }
  return g;
}

/**
 * Eigen-decomposition of a symmetric k×k matrix by cyclic Jacobi rotations. Returns eigenvalues
 * in descending order and the matching unit eigenvectors as the rows of `vectors` [k, k].
 */
export function symmetricEigen(sym: ArrayLike<number>, k: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(sym);
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < k; p++) {
      diag += (a[p * k + p] as number) ** 2;
      for (let q = p + 1; q < k; q++) off += (a[p * k + q] as number) ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q] as number;
        if (apq === 0) continue;
        const app = a[p * k + p] as number;
        const aqq = a[q * k + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = a[r * k + p] as number;
          const arq = a[r * k + q] as number;
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p * k + r] as number;
          const aqr = a[q * k + r] as number;
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vpr = v[p * k + r] as number; // eigenvectors kept as rows
          const vqr = v[q * k + r] as number;
          v[p * k + r] = c * vpr - s * vqr;
          v[q * k + r] = s * vpr + c * vqr;
        }
      }
    }
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => (a[y * k + y] as number) - (a[x * k + x] as number));
  const values = Float64Array.from(order, (i) => a[i * k + i] as number);
  const vectors = new Float64Array(k * k);
  order.forEach((i, r) => vectors.set(v.subarray(i * k, i * k + k), r * k));
  return { values, vectors };
}

/** y = M x for M [rows, cols] (`transposed` false) or y = Mᵀ x (`transposed` true). */
export function matVec(m: ArrayLike<number>, rows: number, cols: number, x: ArrayLike<number>, transposed = false): Float64Array {
  const y = new Float64Array(transposed ? cols : rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const w = m[r * cols + c] as number;
      if (transposed) y[c] = (y[c] as number) + w * (x[r] as number);
      else y[r] = (y[r] as number) + w * (x[c] as number);
    }
  }
  return y;
}

export function norm2(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) ** 2;
  return Math.sqrt(s);
}

/** x / ‖x‖ (x itself when ‖x‖ = 0). */
export function normalize(x: Float64Array): Float64Array {
  const l = norm2(x);
  return l > 0 ? x.map((v) => v / l) : x;
}
