import { describe, expect, it } from 'vitest';
import golden from '../reference/fixtures/golden.json';
import { meanRetained, sparsity } from './sparsity';

describe('sparsity = 1 − |M| / (n(n+1)/2)', () => {
  it('dense causal mask → 0; diagonal only → 1 − 2/(n+1)', () => {
    expect(sparsity([1, 2, 3, 4])).toBe(0);
    expect(sparsity([1, 1, 1, 1])).toBeCloseTo(1 - 2 / 5, 15);
  });

  it('sink 1 + window 3 at N = 6 (golden mask) keeps 18 of 21 (rows keep 1, 2, 3, 4, 4, 4)', () => {
    const kept = golden.extras.sink1_window3_mask_N6.map((row) => row.filter(Boolean).length);
    expect(kept).toEqual([1, 2, 3, 4, 4, 4]);
    expect(sparsity(kept)).toBeCloseTo(1 - 18 / 21, 15);
  });

  it('mean retained mass', () => {
    expect(meanRetained([1, 0.5])).toBe(0.75);
    expect(Number.isNaN(meanRetained([]))).toBe(true);
  });
});
