import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import golden from './fixtures/golden.json';
import { attnScores } from './attnScores';
import { mapTiles } from './mapTiles';
import { entropyMeans, rowEntropy } from './rowEntropy';
import { softmaxRows } from './softmaxRows';

const N = 6;
const flat = (m: number[][]) => m.flat();

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number) {
  expect(got.length).toBe(want.length);
  for (let x = 0; x < want.length; x++) {
    expect(Math.abs((got[x] as number) - (want[x] as number)), `index ${x}`).toBeLessThanOrEqual(tol);
  }
}

describe('float64 twins reproduce golden.json (docs/methods.md "Test vectors") to 1e-6', () => {
  it('the committed golden copy equals shared/methods/golden.json when that is present', () => {
    const shared = new URL('../../../shared/methods/golden.json', import.meta.url);
    if (!existsSync(shared)) return; // a fresh clone has only the committed copy
    expect(JSON.parse(readFileSync(shared, 'utf8'))).toEqual(golden);
  });

  for (const [head, key] of [
    ['A', 'A_softmax'],
    ['B', 'B_softmax'],
    ['C', 'C_softmax'],
  ] as const) {
    it(`masked softmax of head ${head} (9.0 in the upper triangle must not leak)`, () => {
      const s = flat(golden.fixtures[`S_${head}`]);
      const p = softmaxRows(s, N);
      expectClose(p, flat(golden.fixtures[key]), 1e-6);
      for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) expect(p[i * N + j]).toBe(0);
    });
  }

  it('row entropy of head A in nats, its means, and bits', () => {
    const h = rowEntropy(softmaxRows(flat(golden.fixtures.S_A), N), N);
    expectClose(h, golden.entropy.head_A_row_entropy_nats, 1e-6);
    const m = entropyMeans(h);
    expect(Math.abs(m.all - golden.entropy.head_A_mean_all_rows)).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(m.from1 - golden.entropy['head_A_mean_rows_1_to_N-1'])).toBeLessThanOrEqual(1e-6);
    expectClose(
      Array.from(h, (x) => x / Math.LN2),
      golden.entropy.head_A_row_entropy_bits,
      1e-6,
    );
  });

  it('row entropy of head B and its mean', () => {
    const h = rowEntropy(softmaxRows(flat(golden.fixtures.S_B), N), N);
    expectClose(h, golden.entropy.head_B_row_entropy_nats, 1e-6);
    expect(Math.abs(entropyMeans(h).all - golden.entropy.head_B_mean_all_rows)).toBeLessThanOrEqual(1e-6);
  });

  it('selective-temperature baseline: scores QKᵀ/√d and their softmax entropies', () => {
    const st = golden.selective_temperature;
    const q = [
      [0.5, -0.2, 0.1, 0.3], [1.0, 0.4, -0.3, 0.2], [0.2, 1.1, 0.5, -0.4],
      [-0.6, 0.3, 1.2, 0.8], [0.9, -0.7, 0.4, 1.1], [1.5, 0.6, -0.8, 0.9],
    ].flat();
    const k = [
      [1.2, 0.1, 0.3, 0.6], [0.3, 0.9, -0.2, 0.1], [-0.4, 0.5, 1.0, 0.2],
      [0.7, -0.3, 0.6, 1.0], [0.2, 0.8, 0.4, -0.5], [0.6, 0.2, -0.7, 0.9],
    ].flat();
    const s = attnScores(q, k, N, 4);
    expectClose(s, flat(st.S_qk_scaled_logits), 1e-6);
    const p = softmaxRows(s, N);
    expectClose(p, flat(st.baseline_softmax), 1e-6);
    expectClose(rowEntropy(p, N), st.baseline_row_entropy, 1e-6);
  });

  it('mapTiles: the Seer oracle max-pool of head A before renormalisation', () => {
    const p = softmaxRows(flat(golden.fixtures.S_A), N);
    const t = mapTiles(p, N, 2, 'max');
    expect([t.rows, t.cols]).toEqual([3, 3]);
    const want = golden.extras.seer_oracle_block_scores_bs2_head_A;
    for (let r = 0; r < 3; r++) {
      let sum = 0;
      for (let c = 0; c < 3; c++) sum += t.data[r * 3 + c] as number;
      for (let c = 0; c < 3; c++) {
        expect(Math.abs((t.data[r * 3 + c] as number) / sum - (want[r]?.[c] as number))).toBeLessThanOrEqual(1e-6);
      }
    }
  });

  it('mapTiles mean over ragged edge tiles divides by the entries inside the map', () => {
    const p = Float64Array.from({ length: 25 }, (_, x) => x);
    const t = mapTiles(p, 5, 2, 'mean');
    expect(t.rows).toBe(3);
    expect(t.data[0]).toBe((0 + 1 + 5 + 6) / 4);
    expect(t.data[8]).toBe(24);
  });
});
