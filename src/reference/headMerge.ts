/** Float64 twin of shaders/headMerge.wgsl: Y[i, head·hd + c] = O[i, c], written into Y [n, D] in place. */
export function headMerge(o: ArrayLike<number>, y: Float64Array, n: number, d: number, hd: number, head: number): void {
  for (let i = 0; i < n; i++) for (let c = 0; c < hd; c++) y[i * d + head * hd + c] = o[i * hd + c] as number;
}
