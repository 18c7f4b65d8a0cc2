import { describe, expect, it } from 'vitest';
import { maxAbsOf, maxOf, minOf, normOf } from './extent';

describe('extent helpers', () => {
  it('handle arrays far past the argument limit of a spread', () => {
    const big = new Float32Array(512 * 512).fill(0.5);
    big[123_456] = 5;
    big[7] = -6;
    expect(maxOf(big)).toBe(5);
    expect(minOf(big)).toBe(-6);
    expect(maxAbsOf(big)).toBe(6);
    expect(() => Math.max(...big)).toThrow(RangeError); // what they replace
  });

  it('skip NaN and report empty input', () => {
    expect(maxOf([NaN, 1, NaN])).toBe(1);
    expect(minOf([])).toBe(Infinity);
    expect(maxOf([3, 9, 4], 2)).toBe(4);
  });

  it('normOf gives the bits of Math.hypot', () => {
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 10;
    for (let t = 0; t < 200; t++) {
      const xs = Float64Array.from({ length: 1 + (t % 64) }, rnd);
      expect(normOf(xs)).toBe(Math.hypot(...xs));
    }
    expect(normOf([1e300, 1e300])).toBe(Math.hypot(1e300, 1e300));
    expect(normOf([0, 0])).toBe(0);
    expect(normOf([NaN, Infinity])).toBe(Infinity);
  });
});
