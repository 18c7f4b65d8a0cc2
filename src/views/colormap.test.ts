import { describe, expect, it } from 'vitest';
import { colourOf, lutIndex } from './colormap';

describe('colour scale', () => {
  it('maps 0 to dark viridis purple and the max to yellow', () => {
    expect(colourOf(0, { max: 1, gamma: 1 })).toEqual([68, 1, 84]);
    expect(colourOf(1, { max: 1, gamma: 1 })).toEqual([253, 231, 37]);
  });
  it('gamma < 1 lifts small values; values are clamped to [0, max]', () => {
    expect(lutIndex(0.1, { max: 1, gamma: 0.5 })).toBeGreaterThan(lutIndex(0.1, { max: 1, gamma: 1 }));
    expect(lutIndex(5, { max: 1, gamma: 1 })).toBe(255);
    expect(lutIndex(-1, { max: 1, gamma: 1 })).toBe(0);
  });
});
