import { describe, expect, it } from 'vitest';
import golden from '../reference/fixtures/golden.json';
import { actCalibrate } from '../reference/actCalibrate';
import { keyIndicator } from '../reference/keyMass';
import { receivedAttention } from '../reference/receivedAttention';
import { rowEntropy } from '../reference/rowEntropy';
import { softmaxRows } from '../reference/softmaxRows';
import { uniformAlpha } from '../metrics/sinks';
import { actSets, exemptShare } from './act';

const N = 6;
const heads = [
  ['A', 'head_A'],
  ['B', 'head_B_short_seq_pathology'],
  ['C', 'head_C'],
] as const;
const absolute = { mode: 'absolute', tau: 0.1 } as const;

describe('ACT sets and calibration (docs/methods.md "ACT", golden act_calibration)', () => {
  for (const [h, key] of heads) {
    const g = golden.act_calibration[key];
    const p = softmaxRows(golden.fixtures[`S_${h}`].flat(), N);
    it(`head ${h}: detected / calibrated sets, then the calibrated map, s_i, row sums, entropy to 1e-6`, () => {
      const sets = actSets(receivedAttention(p, N), absolute, 'first-detected');
      expect(sets.detected).toEqual(g.detected);
      expect(sets.calibrated).toEqual(g.calibrated_columns);
      expect(sets.exempt).toBe(0);
      const { p: cal, s } = actCalibrate(p, N, keyIndicator(N, sets.calibrated), g.beta);
      g.calibrated_map.flat().forEach((v, x) => expect(Math.abs((cal[x] as number) - v)).toBeLessThanOrEqual(1e-6));
      g.sink_mass_per_row_s_i.forEach((v, i) => expect(Math.abs((s[i] as number) - v)).toBeLessThanOrEqual(1e-6));
      for (let i = 0; i < N; i++) {
        const sum = cal.slice(i * N, (i + 1) * N).reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - (g.row_sums[i] as number))).toBeLessThanOrEqual(1e-6);
      }
      const hAfter = rowEntropy(cal, N);
      g.entropy_after.forEach((v, i) => expect(Math.abs((hAfter[i] as number) - v)).toBeLessThanOrEqual(1e-6));
    });
  }

  it('golden sink_detection: ACT sets of heads A, B, C', () => {
    const sd = golden.sink_detection;
    for (const h of ['A', 'B', 'C'] as const) {
      const sets = actSets(receivedAttention(softmaxRows(golden.fixtures[`S_${h}`].flat(), N), N), absolute, 'first-detected');
      expect(sets.detected).toEqual(sd[`act_tau_0.1_detected_head_${h}`]);
    }
    expect(actSets(sd.alpha_head_A, absolute, 'first-detected').calibrated).toEqual(sd['act_tau_0.1_calibrated_head_A']);
  });

  it('exemption rules: token0 spares key 0 even when undetected; none calibrates everything; first-detected may spare a later key', () => {
    const alpha = [0.05, 0.3, 0.02, 0.2];
    expect(actSets(alpha, absolute, 'first-detected')).toEqual({ detected: [1, 3], exempt: 1, calibrated: [3] });
    expect(actSets(alpha, absolute, 'token0')).toEqual({ detected: [1, 3], exempt: 0, calibrated: [1, 3] });
    expect(actSets(alpha, absolute, 'none')).toEqual({ detected: [1, 3], exempt: null, calibrated: [1, 3] });
    expect(actSets([0.5, 0.01], absolute, 'first-detected')).toEqual({ detected: [0], exempt: 0, calibrated: [] });
  });

  it('relative rule [lab]: κ·ū_j with minimum support; uniform attention flags nothing at κ > 1', () => {
    const n = 12;
    const u = uniformAlpha(n);
    expect(actSets(u, { mode: 'relative', kappa: 1.01 }, 'none').detected).toEqual([]);
    const alpha = Array.from(u, (v, j) => (j === 0 || j === 5 || j === 11 ? 4 * v : v));
    expect(actSets(alpha, { mode: 'relative', kappa: 3 }, 'first-detected').detected).toEqual([0, 5, 11]);
    expect(actSets(alpha, { mode: 'relative', kappa: 3, minSupport: 4 }, 'first-detected')).toEqual({ detected: [0, 5], exempt: 0, calibrated: [5] });
  });

  it('guards: s_i = 0 rows unchanged, all-sink rows unchanged, row 0 kept when resetRow0 is off', () => {
    // Row 1 puts all its mass on key 1 (∈ S): nowhere to redistribute, left as is.
    const p = [0.7, 0, 0, 0, 1, 0, 0.2, 0.3, 0.5];
    const w = [0, 1, 0];
    const { p: out, s } = actCalibrate(p, 3, w, 0.4, false);
    expect(Array.from(out.slice(0, 3))).toEqual([0.7, 0, 0]);
    expect(Array.from(out.slice(3, 6))).toEqual([0, 1, 0]);
    expect(Array.from(s)).toEqual([0, 1, 0.3]);
    expect(out[7]).toBeCloseTo(0.12, 15);
    expect((out[6] as number) + (out[7] as number) + (out[8] as number)).toBeCloseTo(1, 15);
    expect(actCalibrate(p, 3, w, 0.4, true).p[0]).toBe(1);
  });

  it('the exempt key absorbs the share of freed mass it held among the other keys (head A, row 4)', () => {
    const p = softmaxRows(golden.fixtures.S_A.flat(), N);
    const sets = actSets(receivedAttention(p, N), absolute, 'first-detected');
    const cal = actCalibrate(p, N, keyIndicator(N, sets.calibrated), 0.4).p;
    const share = exemptShare(p, cal, N, sets);
    expect(Number.isNaN(share[0])).toBe(true);
    expect(Number.isNaN(share[2])).toBe(true); // s_2 = 0: nothing freed
    // Freed mass is shared in proportion to the row's non-sink attention: P_i0 / (1 − s_i).
    for (const i of [3, 4, 5]) {
      const s = p[i * N + 3] as number;
      expect(share[i]).toBeCloseTo((p[i * N] as number) / (1 - s), 12);
    }
    expect(share[4]).toBeGreaterThan(0.8);
  });
});
