import { describe, expect, it } from 'vitest';
import { blockMaskFor, maxPoolBlocks } from '../metrics/blockMask';
import { sparsity } from '../metrics/sparsity';
import { maskStats, type Mask } from '../reference/maskStats';
import { receivedAttention } from '../reference/receivedAttention';
import { rowDivergence } from '../reference/rowDivergence';
import { rowEntropy } from '../reference/rowEntropy';
import { keptOfRow, rowThreshold } from '../reference/rowThreshold';
import { softmaxRows } from '../reference/softmaxRows';
import { mulberry32, normal, type Rng } from './random';

/**
 * Properties of the statistics twins on seeded random causal maps: sharp and flat rows, short and
 * long sequences. Each property holds for every row of every map.
 */

const EPS = 1e-12;

function randomMap(rng: Rng, n: number, sharp: number): Float64Array {
  return softmaxRows(Float64Array.from({ length: n * n }, () => sharp * normal(rng)), n);
}

/** 12 maps: n from 1 to 97 (odd sizes included), sharpness from flat (0.1) to peaked (6). */
function* maps(seed: number): Generator<{ p: Float64Array; n: number; rng: Rng }> {
  const rng = mulberry32(seed);
  for (const n of [1, 2, 3, 7, 16, 33, 64, 97]) {
    for (const sharp of n > 16 ? [0.1, 6] : [1]) yield { p: randomMap(rng, n, sharp), n, rng };
  }
}

const rowOf = (p: Float64Array, n: number, i: number) => p.subarray(i * n, i * n + i + 1);

describe('statistics twins: properties on seeded random maps', () => {
  it("'mass' keeps ≥ γ of each row, and dropping its smallest kept value would fall below γ", () => {
    for (const { p, n } of maps(11)) {
      for (const gamma of [0.3, 0.5, 0.9, 0.99, 1]) {
        const t = rowThreshold(p, n, { mode: 'mass', gamma });
        for (let i = 0; i < n; i++) {
          const row = rowOf(p, n, i);
          const kept = keptOfRow(row, t[i] as number);
          const sum = keptOfRow(row, 0).mass;
          if (sum < gamma) expect(kept.count).toBe(i + 1); // out of reach (rounding): keep all
          else expect(kept.mass).toBeGreaterThanOrEqual(gamma - EPS);
          const strictlyAbove = kept.mass - row.filter((x) => x === t[i]).reduce((a, b) => a + b, 0);
          expect(strictlyAbove).toBeLessThan(gamma);
        }
      }
    }
  });

  it("'topk' keeps ≥ k entries (exactly k without ties), or every visible key when k ≥ i + 1", () => {
    for (const { p, n } of maps(12)) {
      for (const k of [1, 2, 5, 40]) {
        const t = rowThreshold(p, n, { mode: 'topk', k });
        for (let i = 0; i < n; i++) {
          const row = rowOf(p, n, i);
          const kept = keptOfRow(row, t[i] as number).count;
          expect(kept).toBeGreaterThanOrEqual(Math.min(k, i + 1));
          if (new Set(row).size === row.length) expect(kept).toBe(Math.min(k, i + 1));
          expect(row).toContain(t[i]); // the threshold is an entry of the row
        }
      }
    }
  });

  it('sparsity is in [0, 1], retained mass in [0, 1], kept counts within the causal row', () => {
    for (const { p, n, rng } of maps(13)) {
      const block = 1 + Math.floor(rng() * Math.min(n, 9));
      const pooled = maxPoolBlocks(p, n, block);
      const masks: Mask[] = [
        { mode: 'window', window: 1 + Math.floor(rng() * n), sinks: Math.floor(rng() * 5) },
        { mode: 'threshold', t: rowThreshold(p, n, { mode: 'mass', gamma: 0.2 + 0.8 * rng() }) },
        { mode: 'threshold', t: rowThreshold(p, n, { mode: 'topk', k: 1 + Math.floor(rng() * 8) }) },
        { mode: 'block', block, blockMask: blockMaskFor(pooled.pooled, pooled.nb, 0.05 + 0.95 * rng()) },
      ];
      for (const mask of masks) {
        const s = maskStats(p, n, mask);
        const sp = sparsity(s.kept);
        expect(sp).toBeGreaterThanOrEqual(0);
        expect(sp).toBeLessThanOrEqual(1);
        s.kept.forEach((c, i) => expect(c >= 0 && c <= i + 1).toBe(true));
        s.retained.forEach((r) => expect(r >= 0 && r <= 1 + EPS).toBe(true));
      }
    }
  });

  it('row entropy is ≤ ln(i + 1), the entropy of uniform attention over the visible keys', () => {
    for (const { p, n } of maps(14)) {
      rowEntropy(p, n).forEach((h, i) => {
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(Math.log(i + 1) + EPS);
      });
    }
  });

  it('α_j ≥ 0 and Σ_j (n − j)·α_j = n (every row sums to 1); KL ≥ 0 and JS in [0, ln 2]', () => {
    for (const { p, n, rng } of maps(15)) {
      const alpha = receivedAttention(p, n);
      expect(alpha.reduce((s, a, j) => s + (n - j) * a, 0)).toBeCloseTo(n, 9);
      alpha.forEach((a) => expect(a).toBeGreaterThanOrEqual(0));
      const q = randomMap(rng, n, 2);
      const { kl, js } = rowDivergence(p, q, n);
      kl.forEach((x) => expect(x).toBeGreaterThanOrEqual(-EPS));
      js.forEach((x) => expect(x >= -EPS && x <= Math.LN2 + EPS).toBe(true));
    }
  });
});
