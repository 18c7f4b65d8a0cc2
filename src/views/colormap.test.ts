import { describe, expect, it } from 'vitest';
import { colourOf, cssDivergingAt, lutIndex } from './colormap';

const lin = { kind: 'linear', max: 1, gamma: 1 } as const;

describe('colour scales', () => {
  it('linear maps 0 to dark viridis purple and the max to yellow', () => {
    expect(colourOf(0, lin)).toEqual([68, 1, 84]);
    expect(colourOf(1, lin)).toEqual([253, 231, 37]);
  });
  it('gamma < 1 lifts small values; values are clamped to [0, max]', () => {
    expect(lutIndex(0.1, { kind: 'gamma', max: 1, gamma: 0.5 })).toBeGreaterThan(lutIndex(0.1, lin));
    expect(lutIndex(5, lin)).toBe(255);
    expect(lutIndex(-1, lin)).toBe(0);
  });
  it('log shows four decades below the max; zero and anything smaller is the bottom colour', () => {
    const log = { kind: 'log', max: 0.5, gamma: 1 } as const;
    expect(lutIndex(0.5, log)).toBe(255);
    expect(lutIndex(0.5e-2, log)).toBe(Math.round(0.5 * 255));
    expect(lutIndex(0, log)).toBe(0);
    expect(lutIndex(1e-9, log)).toBe(0);
  });
});

describe('diverging colours', () => {
  it('are orange above zero, purple below, near white at zero', () => {
    const parse = (c: string) => c.match(/\d+/g)!.map(Number) as [number, number, number];
    const [r1, , b1] = parse(cssDivergingAt(1));
    const [r0, , b0] = parse(cssDivergingAt(0));
    expect(r1).toBeGreaterThan(b1); // orange: red over blue
    expect(b0).toBeGreaterThan(r0 - 40); // purple: blue holds up
    expect(Math.min(...parse(cssDivergingAt(0.5)))).toBeGreaterThan(230);
  });
});
