import { describe, expect, it } from 'vitest';
import golden from '../reference/fixtures/golden.json';
import { softmaxRows } from '../reference/softmaxRows';
import {
  blockMaskFor,
  maxPoolBlocks,
  seerOracleScores,
  seerThresholdMask,
  seerTopkCount,
  seerTopkMask,
} from './blockMask';

const N = 6;
const headA = () => softmaxRows(golden.fixtures.S_A.flat(), N);
const asU32 = (m: boolean[][]) => Array.from(m.flat(), Number);

describe('Seer block masks reproduce golden.json (docs/methods.md "Masks", "Test vectors")', () => {
  it('oracle block scores (B = 2) of head A: max-pool, block-rows renormalised, to 1e-6', () => {
    const { scores, nb } = seerOracleScores(headA(), N, 2);
    expect(nb).toBe(3);
    const want = golden.extras.seer_oracle_block_scores_bs2_head_A.flat();
    want.forEach((v, x) => expect(Math.abs((scores[x] as number) - v)).toBeLessThanOrEqual(1e-6));
  });

  it('threshold 0.2 mask = tril(P̂ > 0.2)', () => {
    const { scores, nb } = seerOracleScores(headA(), N, 2);
    expect(Array.from(seerThresholdMask(scores, nb, 0.2))).toEqual(asU32(golden.extras['seer_threshold_0.2_mask']));
  });

  it('nz_ratio 0.5 top-k (k = 1) with the last 2 block-rows dense', () => {
    const { scores, nb } = seerOracleScores(headA(), N, 2);
    expect(seerTopkCount(nb, 0.5)).toBe(1);
    const want = asU32(golden.extras['seer_nz_ratio_0.5_topk_mask_last2dense']);
    expect(Array.from(seerTopkMask(scores, nb, 0.5, true))).toEqual(want);
    // the engine's entry point takes the raw max-pool (mapTiles 'max') and gives the same mask
    const { pooled } = maxPoolBlocks(headA(), N, 2);
    expect(Array.from(blockMaskFor(pooled, nb, 0.5))).toEqual(want);
  });
});

describe('Seer block masks: semantics', () => {
  it('k = ⌊(1 − √(1 − r))·nb⌋, at least 1; r outside (0, 1] is refused', () => {
    expect(seerTopkCount(10, 1)).toBe(10);
    expect(seerTopkCount(10, 0.75)).toBe(5);
    expect(seerTopkCount(10, 0.01)).toBe(1);
    expect(() => seerTopkCount(10, 0)).toThrow(RangeError);
  });

  it('equal scores keep the lower block index (stable), and masks are lower-triangular', () => {
    const scores = [0.5, 0.5, 0, 0.5, 0.5, 0, 1 / 3, 1 / 3, 1 / 3];
    expect(Array.from(seerTopkMask(scores, 3, 0.5, false))).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0]);
    const m = seerThresholdMask(Array(16).fill(1), 4, 0.5);
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) expect(m[r * 4 + c]).toBe(c <= r ? 1 : 0);
  });

  it('ragged edge blocks: n = 7, B = 3 gives nb = 3 and pools only entries inside the map', () => {
    const p = softmaxRows(Array.from({ length: 49 }, (_, x) => Math.sin(x)), 7);
    const { pooled, nb } = maxPoolBlocks(p, 7, 3);
    expect(nb).toBe(3);
    expect(pooled[2 * 3 + 2]).toBe(p[6 * 7 + 6]);
  });
});
