/**
 * Float64 twin of shaders/maskStats.wgsl: kept count and retained mass R_i = Σ_{j∈M_i} P_ij of a
 * sparsity mask M over a causal map P [n, n] (docs/methods.md "Order of operations"), plus the mask itself as 0/1.
 */

/**
 * A sparsity mask, always intersected with the causal support j ≤ i:
 * - 'threshold': P_ij ≥ t_i, with t [n] from rowThreshold (ties kept);
 * - 'window': j < sinks or i − j < window (StreamingLLM sink + recent window, docs/methods.md "Masks");
 * - 'block': blockMask[⌊i/block⌋ · nb + ⌊j/block⌋] ≠ 0, blockMask [nb, nb], nb = ⌈n/block⌉.
 */
export type Mask =
  | { readonly mode: 'threshold'; readonly t: ArrayLike<number> }
  | { readonly mode: 'window'; readonly window: number; readonly sinks: number }
  | { readonly mode: 'block'; readonly block: number; readonly blockMask: ArrayLike<number> };

/** Whether key j is kept for query i; x = P_ij (read by 'threshold' only). */
export function inMask(mask: Mask, n: number, i: number, j: number, x: number): boolean {
  if (j > i) return false;
  switch (mask.mode) {
    case 'threshold':
      return x >= (mask.t[i] as number);
    case 'window':
      return j < mask.sinks || i - j < mask.window;
    case 'block': {
      const nb = Math.ceil(n / mask.block);
      return (mask.blockMask[Math.floor(i / mask.block) * nb + Math.floor(j / mask.block)] as number) !== 0;
    }
  }
}

/** kept [n] (counts), retained [n] (mass of P inside M) and map [n, n] (M as 0/1). */
export function maskStats(
  p: ArrayLike<number>,
  n: number,
  mask: Mask,
): { kept: Float64Array; retained: Float64Array; map: Float64Array } {
  const kept = new Float64Array(n);
  const retained = new Float64Array(n);
  const map = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = p[i * n + j] as number;
      if (!inMask(mask, n, i, j, x)) continue;
      kept[i] = (kept[i] as number) + 1;
      retained[i] = (retained[i] as number) + x;
      map[i * n + j] = 1;
    }
  }
  return { kept, retained, map };
}
