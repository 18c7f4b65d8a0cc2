import { describe, expect, it } from 'vitest';
import golden from './fixtures/golden.json';
import { attnScores } from './attnScores';
import { keyMass } from './keyMass';
import { matmul, transpose } from './matmul';
import { normalizeRows, sigmoid, softplus } from './normalizeRows';
import { rowRenorm } from './rowRenorm';

const N = 6;
const S_A = golden.fixtures.S_A.flat();
const ex = golden.extras;

const close = (got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-6) => {
  expect(got.length).toBe(want.length);
  for (let x = 0; x < want.length; x++) expect(Math.abs((got[x] as number) - (want[x] as number)), `index ${x}`).toBeLessThanOrEqual(tol);
};
const upperIsZero = (a: ArrayLike<number>, n: number) => {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(a[i * n + j]).toBe(0);
};

describe('twins of the method kernels reproduce golden.json extras to 1e-6', () => {
  it('sigmoid, b = −ln 6, on S_A (9.0 upper triangle masked) and its row sums via keyMass(ones)', () => {
    const a = normalizeRows(S_A, N, { mode: 'sigmoid', bias: -Math.log(N) });
    close(a, ex['sigmoid_b=-ln(N)_on_S_A'].flat());
    close(keyMass(a, N, new Float64Array(N).fill(1)), ex.sigmoid_row_sums);
    upperIsZero(a, N);
    expect(sigmoid(-Math.log(N))).toBeCloseTo(1 / 7, 15);
  });

  it('softplus-ℓ1 [lab], λ_i = ln(i+1)/ln 6, on S_A', () => {
    const a = normalizeRows(S_A, N, { mode: 'softplusL1', nRef: 6 });
    close(a, ex['softplus_l1_lab_scale_ln(i+1)/ln(6)_on_S_A'].flat());
    upperIsZero(a, N);
  });

  it('softplus-ℓ1 sharpening p: rows ∝ A^p, p = 1 is plain ℓ1, and stable softplus', () => {
    const base = normalizeRows(S_A, N, { mode: 'softplusL1', nRef: 6 });
    const sharp = normalizeRows(S_A, N, { mode: 'softplusL1', nRef: 6, power: 3 });
    for (let i = 0; i < N; i++) {
      let z = 0;
      for (let j = 0; j <= i; j++) z += (base[i * N + j] as number) ** 3;
      for (let j = 0; j <= i; j++) expect(sharp[i * N + j]).toBeCloseTo((base[i * N + j] as number) ** 3 / z, 14);
    }
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
    expect(softplus(-40)).toBeCloseTo(Math.exp(-40), 30);
  });

  it('softmax-off-by-one = e^S / (1 + Σ e^S), stable for large logits; masked entries 0', () => {
    const a = normalizeRows(S_A, N, { mode: 'softmax1' });
    for (let i = 0; i < N; i++) {
      let z = 1;
      for (let j = 0; j <= i; j++) z += Math.exp(S_A[i * N + j] as number);
      for (let j = 0; j <= i; j++) expect(a[i * N + j]).toBeCloseTo(Math.exp(S_A[i * N + j] as number) / z, 14);
    }
    upperIsZero(a, N);
    const big = normalizeRows([1000, 0, 1000, 1000], 2, { mode: 'softmax1' });
    expect(Array.from(big)).toEqual([1, 0, 0.5, 0.5]);
    const neg = normalizeRows([-1000], 1, { mode: 'softmax1' });
    expect(neg[0]).toBe(0);
  });

  it('rowRenorm: sigmoid rows / their golden sums; zero rows stay zero', () => {
    const a = normalizeRows(S_A, N, { mode: 'sigmoid', bias: -Math.log(N) });
    const r = rowRenorm(a, N);
    const want = ex['sigmoid_b=-ln(N)_on_S_A'].map((row, i) => row.map((v) => v / (ex.sigmoid_row_sums[i] as number))).flat();
    close(r, want, 2e-6); // quotient of two 6-decimal goldens
    expect(Array.from(rowRenorm([0, 9, 0, 0], 2))).toEqual([0, 0, 0, 0]);
  });

  it('matmul at non-square sizes, and attnScores with a row multiplier = rows of S scaled', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const b = [1, 0, 2, -1, 0.5, 3, 0, 1, 1, 2, -2, 0];
    expect(Array.from(matmul(a, b, 2, 3, 4))).toEqual([5, 12, -4, 1, 12.5, 27, -4, 1]);
    expect(Array.from(transpose(a, 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
    const m = [1, 2, 0.5];
    const q = [1, 0, 0, 1, 1, 1];
    const s = attnScores(q, q, 3, 2);
    const sm = attnScores(q, q, 3, 2, 1 / Math.sqrt(2), m);
    sm.forEach((v, x) => expect(v).toBeCloseTo((s[x] as number) * (m[Math.floor(x / 3)] as number), 15));
  });
});
