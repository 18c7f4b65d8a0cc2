/**
 * SeerAttention-style block masks (docs/methods.md "Masks"), built on the CPU from block scores and handed
 * to the maskStats kernel ('block' mode) as u32 [nb, nb] row-major, 1 = block kept.
 *
 * Without a trained gate the lab uses the "oracle" scores: the B×B max-pool of the true map,
 * each block-row renormalised to sum to 1 (the gate's distillation target, `_attention_pooling`).
 * Binarisation follows seer_attn/modules/common.py: threshold (P̂ > thr) or per-row top-k with
 * k = ⌊(1 − √(1 − r))·nb⌋ (min 1), optionally the last 2 block-rows dense, then tril.
 */

/** Max-pool of a causal map P [n, n] over block×block tiles (edge tiles clipped). Returns [nb, nb]. */
export function maxPoolBlocks(p: ArrayLike<number>, n: number, block: number): { pooled: Float64Array; nb: number } {
  const nb = Math.ceil(n / block);
  const pooled = new Float64Array(nb * nb);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const at = Math.floor(i / block) * nb + Math.floor(j / block);
      pooled[at] = Math.max(pooled[at] as number, p[i * n + j] as number);
    }
  }
  return { pooled, nb };
}

/** Each block-row divided by its sum (rows summing to 0 stay 0). [nb, nb] → [nb, nb]. */
export function renormaliseBlockRows(pooled: ArrayLike<number>, nb: number): Float64Array {
  const out = new Float64Array(nb * nb);
  for (let r = 0; r < nb; r++) {
    let sum = 0;
    for (let c = 0; c < nb; c++) sum += pooled[r * nb + c] as number;
    for (let c = 0; c < nb; c++) out[r * nb + c] = sum > 0 ? (pooled[r * nb + c] as number) / sum : 0;
  }
  return out;
}

/** Seer oracle block scores P̂ [nb, nb] of a causal map P [n, n]: max-pool, then row-renormalise. */
export function seerOracleScores(p: ArrayLike<number>, n: number, block: number): { scores: Float64Array; nb: number } {
  const { pooled, nb } = maxPoolBlocks(p, n, block);
  return { scores: renormaliseBlockRows(pooled, nb), nb };
}

/** Blocks kept per row by nz_ratio r ∈ (0, 1]: ⌊(1 − √(1 − r))·nb⌋, at least 1 (√ offsets the causal triangle). */
export function seerTopkCount(nb: number, nzRatio: number): number {
  if (!(nzRatio > 0 && nzRatio <= 1)) throw new RangeError(`nzRatio must be in (0, 1], got ${nzRatio}`);
  return Math.max(1, Math.floor((1 - Math.sqrt(1 - nzRatio)) * nb));
}

function finish(m: Uint32Array, nb: number, lastTwoDense: boolean): Uint32Array {
  for (let r = 0; r < nb; r++) {
    for (let c = 0; c < nb; c++) {
      if (lastTwoDense && r >= nb - 2) m[r * nb + c] = 1;
      if (c > r) m[r * nb + c] = 0; // tril
    }
  }
  return m;
}

/** tril(P̂ > thr), optionally with the last 2 block-rows dense. scores [nb, nb] → u32 [nb, nb]. */
export function seerThresholdMask(scores: ArrayLike<number>, nb: number, thr: number, lastTwoDense = false): Uint32Array {
  const m = new Uint32Array(nb * nb);
  for (let x = 0; x < nb * nb; x++) m[x] = (scores[x] as number) > thr ? 1 : 0;
  return finish(m, nb, lastTwoDense);
}

/**
 * Per block-row top-k of P̂ (stable: equal scores keep the lower block index), k from
 * seerTopkCount, optionally the last 2 block-rows dense, then tril. Scores are taken over the
 * whole row, as in the released code, so a pick above the diagonal is lost to tril.
 */
export function seerTopkMask(scores: ArrayLike<number>, nb: number, nzRatio: number, lastTwoDense = true): Uint32Array {
  const k = seerTopkCount(nb, nzRatio);
  const m = new Uint32Array(nb * nb);
  for (let r = 0; r < nb; r++) {
    const order = Array.from({ length: nb }, (_, c) => c);
    order.sort((a, b) => (scores[r * nb + b] as number) - (scores[r * nb + a] as number)); // Array.sort is stable
    for (const c of order.slice(0, k)) m[r * nb + c] = 1;
  }
  return finish(m, nb, lastTwoDense);
}

/**
 * The block mask the lab's 'block' sparsity setting uses: oracle scores from the max-pooled map
 * (e.g. mapTiles 'max' output, [nb, nb]), renormalised, top-k by nzRatio, last 2 rows dense.
 */
export function blockMaskFor(pooled: ArrayLike<number>, nb: number, nzRatio: number, lastTwoDense = true): Uint32Array {
  return seerTopkMask(renormaliseBlockRows(pooled, nb), nb, nzRatio, lastTwoDense);
}
