/** Float64 twin of shaders/headSplit.wgsl: OUT[i, c] = QKV[i, part·D + head·hd + c], OUT [n, hd]. */
export function headSplit(qkv: ArrayLike<number>, n: number, d: number, hd: number, part: 0 | 1 | 2, head: number): Float64Array {
  const out = new Float64Array(n * hd);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < hd; c++) out[i * hd + c] = qkv[i * 3 * d + part * d + head * hd + c] as number;
  }
  return out;
}
