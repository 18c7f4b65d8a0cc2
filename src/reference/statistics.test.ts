import { describe, expect, it } from 'vitest';
import golden from './fixtures/golden.json';
import { attnOutput } from './attnOutput';
import { inMask, maskStats } from './maskStats';
import { receivedAttention } from './receivedAttention';
import { rowDistance } from './rowDistance';
import { divergenceOfRow, rowDivergence } from './rowDivergence';
import { keptOfRow, rowThreshold, thresholdOfRow } from './rowThreshold';
import { softmaxRows } from './softmaxRows';
import { topkOverlap } from './topkOverlap';

const N = 6;
const TOL = 1e-6;
const headMap = (h: 'A' | 'B' | 'C') => softmaxRows(golden.fixtures[`S_${h}`].flat(), N);

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = TOL) {
  expect(got.length).toBe(want.length);
  for (let x = 0; x < want.length; x++) {
    expect(Math.abs((got[x] as number) - (want[x] as number)), `index ${x}`).toBeLessThanOrEqual(tol);
  }
}

describe('statistics twins reproduce golden.json (docs/methods.md "Test vectors") to 1e-6', () => {
  for (const h of ['A', 'B', 'C'] as const) {
    it(`received attention α of head ${h}`, () => {
      expectClose(receivedAttention(headMap(h), N), golden.sink_detection[`alpha_head_${h}`]);
    });
  }

  it("mass rule on one row is FlexPrefill's score_cover: k = 4 at γ = 0.9, k = 2 at γ = 0.5", () => {
    const g = golden.extras.flexprefill_score_cover_topk;
    for (const [gamma, want] of [[0.9, g['gamma_0.9']], [0.5, g['gamma_0.5']]] as const) {
      const t = thresholdOfRow(g.x, { mode: 'mass', gamma });
      expect(keptOfRow(g.x, t).count).toBe(want);
      // as a causal map's last row: the GPU-shaped twin gives the same threshold
      const p = new Float64Array(N * N);
      for (let i = 0; i < N - 1; i++) p[i * N] = 1;
      p.set(g.x, (N - 1) * N);
      expect(rowThreshold(p, N, { mode: 'mass', gamma })[N - 1]).toBe(t);
    }
  });

  it('JS distance √JS of p = [0.7, 0.1, 0.1, 0.1], q = [0.4, 0.2, 0.2, 0.2] is D = 0.214944', () => {
    const { p, q, D } = golden.extras.flexprefill_sqrt_js;
    const d = divergenceOfRow(p, q);
    expect(Math.abs(Math.sqrt(d.js) - D)).toBeLessThanOrEqual(TOL);
    const m = p.map((x, j) => 0.5 * (x + (q[j] as number)));
    const kl = (a: number[], b: number[]) => a.reduce((s, x, j) => s + x * Math.log(x / (b[j] as number)), 0);
    expect(Math.abs(d.kl - kl(p, q))).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(d.js - 0.5 * (kl(p, m) + kl(q, m)))).toBeLessThanOrEqual(1e-12);
  });

  it('sink 1 + window 3 mask at N = 6 (StreamingLLM), with kept counts and retained mass', () => {
    const want = golden.extras.sink1_window3_mask_N6.flat().map(Number);
    const p = headMap('A');
    const s = maskStats(p, N, { mode: 'window', window: 3, sinks: 1 });
    expectClose(s.map, want, 0);
    for (let i = 0; i < N; i++) {
      let kept = 0;
      let mass = 0;
      for (let j = 0; j < N; j++) {
        kept += want[i * N + j] as number;
        mass += (want[i * N + j] as number) * (p[i * N + j] as number);
      }
      expect(s.kept[i]).toBe(kept);
      expect(Math.abs((s.retained[i] as number) - mass)).toBeLessThanOrEqual(1e-15);
    }
  });
});

describe('statistics twins: edge cases and semantics', () => {
  it('KL is +Infinity where B drops mass A has; JS stays finite and ≤ ln 2; 0·ln 0 := 0', () => {
    expect(divergenceOfRow([0.5, 0.5], [1, 0]).kl).toBe(Infinity);
    expect(divergenceOfRow([1, 0], [0.5, 0.5]).kl).toBeCloseTo(Math.log(2), 12);
    expect(divergenceOfRow([1, 0], [0, 1]).js).toBeCloseTo(Math.log(2), 12);
    const { kl, js } = rowDivergence(headMap('A'), headMap('A'), N);
    expect(Array.from(kl)).toEqual(Array(N).fill(0));
    expect(Array.from(js)).toEqual(Array(N).fill(0));
  });

  it('top-k keeps ties and keeps everything once k ≥ i + 1', () => {
    const row = [0.1, 0.3, 0.3, 0.2, 0.1];
    expect(keptOfRow(row, thresholdOfRow(row, { mode: 'topk', k: 2 })).count).toBe(2);
    expect(keptOfRow(row, thresholdOfRow(row, { mode: 'topk', k: 1 })).count).toBe(2); // tie at 0.3
    expect(keptOfRow(row, thresholdOfRow(row, { mode: 'topk', k: 4 })).count).toBe(5); // tie at 0.1
    expect(keptOfRow(row, thresholdOfRow(row, { mode: 'topk', k: 99 })).count).toBe(5);
    expect(keptOfRow(row, thresholdOfRow(row, { mode: 'mass', gamma: 1 })).count).toBe(5);
  });

  it('threshold masks and top-k overlap agree with the thresholds', () => {
    const a = headMap('A');
    const b = headMap('B');
    const tA = rowThreshold(a, N, { mode: 'topk', k: 2 });
    const tB = rowThreshold(b, N, { mode: 'topk', k: 2 });
    const s = maskStats(a, N, { mode: 'threshold', t: tA });
    expect(Array.from(s.kept)).toEqual([1, 2, 2, 2, 2, 2]);
    expect(inMask({ mode: 'threshold', t: tA }, N, 4, 3, a[4 * N + 3] as number)).toBe(true);
    expect(Array.from(topkOverlap(a, a, tA, tA, N))).toEqual(Array(N).fill(1));
    const o = topkOverlap(a, b, tA, tB, N);
    expect(o[0]).toBe(1); // both keep the only key
    expect(o[1]).toBe(1); // k = 2 ≥ 2 visible keys
    for (const x of o) expect(x >= 0 && x <= 1).toBe(true);
  });

  it('block mask mode expands blocks and stays causal', () => {
    const blockMask = [1, 0, 0, 1, 1, 0, 0, 1, 1];
    const s = maskStats(headMap('A'), N, { mode: 'block', block: 2, blockMask });
    expect(Array.from(s.kept)).toEqual([1, 2, 3, 4, 3, 4]);
  });

  it('attnOutput skips j > i; rowDistance is the row-wise Euclidean norm', () => {
    const p = [1, 99, 0.25, 0.75]; // 99 sits above the diagonal and must be ignored
    const v = [1, 2, 3, 4];
    expect(Array.from(attnOutput(p, v, 2, 2))).toEqual([1, 2, 0.25 * 1 + 0.75 * 3, 0.25 * 2 + 0.75 * 4]);
    expect(Array.from(rowDistance([0, 0, 1, 1], [3, 4, 1, 1], 2, 2))).toEqual([5, 0]);
  });
});
