import { describe, expect, it } from 'vitest';
import { paneDefault } from '../schema/methods';
import { meanOverlapOf } from './compare';

describe('small honesty rules of the comparisons and pane defaults', () => {
  it('top-k overlap is averaged over rows with at least k keys only', () => {
    // Rows 0–2 have 1–3 keys: with k = 4 their overlap is trivially 1 and is left out.
    expect(meanOverlapOf([1, 1, 1, 0.5, 0.25], 4)).toBeCloseTo(0.375, 12);
    expect(meanOverlapOf([1, 1], 4)).toBeNaN();
  });

  it('selective temperature added to a model pane starts at c = 0 (a lab intervention); on synthetic heads at the paper\'s c', () => {
    expect(paneDefault('temperature', true).params.c).toBe(0);
    expect(paneDefault('temperature', false).params.c).toBe(0.5);
  });
});
