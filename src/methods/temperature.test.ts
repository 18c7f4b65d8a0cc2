import { describe, expect, it } from 'vitest';
import golden from '../reference/fixtures/golden.json';
import { attnScores } from '../reference/attnScores';
import { rowEntropy } from '../reference/rowEntropy';
import { softmaxRows } from '../reference/softmaxRows';
import { TEMPERATURE_PRESETS, positionMultiplier, queryNormFactor, rowMultiplier, valueTemperature } from './temperature';

const N = 6;
const D = 4;
const st = golden.selective_temperature;
// Q and K of golden.py (golden.json stores only their scaled product).
const Q = [
  [0.5, -0.2, 0.1, 0.3],
  [1.0, 0.4, -0.3, 0.2],
  [0.2, 1.1, 0.5, -0.4],
  [-0.6, 0.3, 1.2, 0.8],
  [0.9, -0.7, 0.4, 1.1],
  [1.5, 0.6, -0.8, 0.9],
].flat();
const K = [
  [1.2, 0.1, 0.3, 0.6],
  [0.3, 0.9, -0.2, 0.1],
  [-0.4, 0.5, 1.0, 0.2],
  [0.7, -0.3, 0.6, 1.0],
  [0.2, 0.8, 0.4, -0.5],
  [0.6, 0.2, -0.7, 0.9],
].flat();

const close = (got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-6) => {
  expect(got.length).toBe(want.length);
  for (let x = 0; x < want.length; x++) expect(Math.abs((got[x] as number) - (want[x] as number)), `index ${x}`).toBeLessThanOrEqual(tol);
};

describe('selective temperature (docs/methods.md "Selective temperature", golden selective_temperature)', () => {
  it('the golden Q, K (golden.py) give the golden scaled logits', () => {
    close(attnScores(Q, K, N, D), st.S_qk_scaled_logits.flat());
  });

  const cases = [
    ['c_0.5', TEMPERATURE_PRESETS.strong],
    ['c_default_litgpt_beta2.0', TEMPERATURE_PRESETS['lit-gpt init']],
    ['c_default_gpt2_beta1.5', TEMPERATURE_PRESETS['GPT-2 init']],
  ] as const;
  for (const [key, c] of cases) {
    it(`${key}: c, m_i, softmax and row entropies to 1e-6`, () => {
      const g = st[key];
      expect(Math.abs(c - g.c)).toBeLessThanOrEqual(1e-6);
      const m = rowMultiplier(positionMultiplier(N, c));
      close(m, g.multiplier_m_i);
      const p = softmaxRows(attnScores(Q, K, N, D, 0.5, m), N);
      close(p, g.softmax.flat());
      close(rowEntropy(p, N), g.row_entropy);
    });
  }

  it('lab token term a = 0.5, b = 1: ‖q‖, t_i, m_i, softmax, entropies', () => {
    const g = st['lab_pos_c0.5_times_tok_a0.5_b1'];
    const t = queryNormFactor(Q, N, D, 0.5, 1);
    close(t, g.tok_factor_t_i);
    const m = rowMultiplier(positionMultiplier(N, 0.5), t);
    close(m, g.multiplier_m_i);
    const p = softmaxRows(attnScores(Q, K, N, D, 0.5, m), N);
    close(p, g.softmax.flat());
    close(rowEntropy(p, N), g.row_entropy);
  });

  it('c = 0 equals the baseline exactly (scores, map, entropies)', () => {
    const m = rowMultiplier(positionMultiplier(N, 0));
    expect(Array.from(m)).toEqual(new Array(N).fill(1));
    const s = attnScores(Q, K, N, D, 0.5, m);
    expect(Array.from(s)).toEqual(Array.from(attnScores(Q, K, N, D)));
    const p = softmaxRows(s, N);
    close(p, st.baseline_softmax.flat());
    close(rowEntropy(p, N), st.baseline_row_entropy);
  });

  it('absolute positions for decode rows, and the [0.05, 20] clamp', () => {
    expect(positionMultiplier(1, 0.5, 5)[0]).toBeCloseTo(st['c_0.5'].multiplier_m_i[5] as number, 6);
    expect(Array.from(rowMultiplier([0.01, 30, 2], [1, 1, 0.5]))).toEqual([0.05, 20, 1]);
  });

  it('[lab] value temperature scales V rows by u_j; a_v = 0 is the identity', () => {
    const v = [1, 0, 0, 2, 3, 0];
    const { u, v: scaled } = valueTemperature(v, 3, 2, 0.5, 1);
    const norms = [1, 2, 3];
    norms.forEach((x, j) => expect(u[j]).toBeCloseTo(1 + 0.5 * Math.tanh(x / 2 - 1), 14));
    expect(scaled[3]).toBeCloseTo(2 * (u[1] as number), 14);
    expect(Array.from(valueTemperature(v, 3, 2, 0, 1).v)).toEqual(v);
  });
});
