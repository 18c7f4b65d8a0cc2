/**
 * Float64 twin of shaders/actCalibrate.wgsl: ACT's post-softmax calibration (docs/methods.md "ACT").
 *
 * P [n, n] causal, w [n] the 0/1 indicator of the calibrated keys S, β the factor on S. Per row i,
 * over j ≤ i: s_i = Σ P_ij w_j, r_i = Σ P_ij (1 − w_j) (= 1 − s_i for a stochastic row; the
 * code's "ratios" divide by this measured sum). P′_ij = β P_ij on S, P_ij (1 − β s_i)/r_i
 * elsewhere. Rows with s_i = 0, or r_i ≤ 1e-12 (s_i ≥ 1 − 1e-12: no key left to take the freed
 * mass; a guard the released code lacks), are returned unchanged. With `resetRow0` row 0 becomes
 * one-hot on key 0 (prefill, the code); without, row 0 follows the formula. Entries j > i are 0.
 */
export function actCalibrate(
  p: ArrayLike<number>,
  n: number,
  w: ArrayLike<number>,
  beta: number,
  resetRow0 = true,
): { p: Float64Array; s: Float64Array } {
  const out = new Float64Array(n * n);
  const sink = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let s = 0;
    let r = 0;
    for (let j = 0; j <= i; j++) {
      const x = p[row + j] as number;
      const wj = w[j] as number;
      s += x * wj;
      r += x * (1 - wj);
    }
    sink[i] = s;
    if (i === 0 && resetRow0) {
      out[0] = 1;
      continue;
    }
    const keep = s === 0 || r <= 1e-12;
    const f = (1 - beta * s) / r;
    for (let j = 0; j <= i; j++) {
      const x = p[row + j] as number;
      out[row + j] = keep ? x : (w[j] as number) !== 0 ? beta * x : x * f;
    }
  }
  return { p: out, s: sink };
}
