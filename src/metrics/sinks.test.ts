import { describe, expect, it } from 'vitest';
import golden from '../reference/fixtures/golden.json';
import { DEFAULT_ANALYSIS } from '../schema/analysis';
import { detectSinks, guSinkRate, uniformAlpha } from './sinks';

const sd = golden.sink_detection;
const settings = DEFAULT_ANALYSIS.sinks; // τ = 0.1, ε = 0.3

describe('sink detectors on golden α (docs/methods.md "Test vectors")', () => {
  it('ACT τ = 0.1: head A detects {0,3} and calibrates {3}', () => {
    const r = detectSinks(sd.alpha_head_A, settings);
    expect(r.detected).toEqual(sd['act_tau_0.1_detected_head_A']);
    expect(r.calibrated).toEqual(sd['act_tau_0.1_calibrated_head_A']);
    expect(r.exempt).toBe(0);
    expect(r.nonInitial).toEqual([3]);
  });

  it('short-sequence saturation (head B) and the last-token artefact (head C)', () => {
    expect(detectSinks(sd.alpha_head_B, settings).detected).toEqual(sd['act_tau_0.1_detected_head_B']);
    expect(detectSinks(sd.alpha_head_C, settings).detected).toEqual(sd['act_tau_0.1_detected_head_C']);
  });

  it('Gu et al. ε = 0.3 indicators and Sink rate over heads A and B', () => {
    const ind = sd['gu_eps_0.3_indicator_[head_A, head_B]'];
    for (const [h, alpha] of [sd.alpha_head_A, sd.alpha_head_B].entries()) {
      const want = (ind[h] as number[]).flatMap((v, j) => (v ? [j] : []));
      expect(detectSinks(alpha, settings).gu).toEqual(want);
    }
    const rate = guSinkRate([sd.alpha_head_A, sd.alpha_head_B], 0.3);
    expect(Array.from(rate)).toEqual(sd['gu_eps_0.3_sink_rate_percent_per_token']);
    expect(rate[0]).toBe(sd['gu_eps_0.3_Sink_1_percent']);
  });

  it('uniform causal attention gives ū_j ≥ 1/N, and ū equals α of the uniform map', () => {
    const n = 7;
    const u = uniformAlpha(n);
    for (let j = 0; j < n; j++) {
      let col = 0;
      for (let i = j; i < n; i++) col += 1 / (i + 1);
      expect(u[j]).toBeCloseTo(col / (n - j), 12);
      expect(u[j]).toBeGreaterThanOrEqual(1 / n - 1e-15);
    }
  });

  it('the relative rule ignores short-support keys and uniform-level keys', () => {
    // κ = 1.5: token 0 (0.757 > 1.5·ū_0 = 0.613) is a relative sink; key 5 would be too
    // (0.436 > 1.5·1/6) but its support is one query, below m = 4; key 3 (0.201) is under 1.5·ū_3.
    const r = detectSinks(sd.alpha_head_C, { ...settings, kappa: 1.5 });
    expect(r.relative).toEqual([0]);
    expect(detectSinks(sd.alpha_head_C, { ...settings, kappa: 1.5, minSupport: 1 }).relative).toEqual([0, 5]);
  });
});
