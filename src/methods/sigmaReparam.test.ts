import { describe, expect, it } from 'vitest';
import golden from '../reference/fixtures/golden.json';
import { gram, symmetricEigen } from './linalg';
import { powerIteration, reparametrise, singularValues, spectralNorm, topSingular } from './sigmaReparam';


/** Seeded uniform [0, 1) (mulberry32, as engine/random.ts; methods/ may not import engine/). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sr = golden.sigma_reparam;
const W = sr.W.flat();

describe('σReparam maths (docs/methods.md "σReparam", golden sigma_reparam)', () => {
  it('exact singular values and σ by Jacobi on the smaller Gram', () => {
    const sv = singularValues(W, 3, 4);
    sr.all_singular_values.forEach((v, i) => expect(Math.abs((sv[i] as number) - v)).toBeLessThanOrEqual(1e-6));
    expect(Math.abs(spectralNorm(W, 3, 4) - sr.sigma_exact_svd)).toBeLessThanOrEqual(1e-6);
    // Same answer from the transposed weight (the other Gram).
    const wt = Array.from({ length: 12 }, (_, x) => W[(x % 3) * 4 + Math.floor(x / 3)] as number);
    expect(spectralNorm(wt, 4, 3)).toBeCloseTo(spectralNorm(W, 3, 4), 12);
  });

  it('power iteration from ones (PyTorch convention): σ̂ after k steps, v and u after 1', () => {
    const { sigmas } = powerIteration(W, 3, 4, 20, 'ones');
    for (const [k, want] of Object.entries(sr.sigma_after_k_iters)) {
      expect(Math.abs((sigmas[Number(k) - 1] as number) - want), `k=${k}`).toBeLessThanOrEqual(1e-6);
    }
    const one = powerIteration(W, 3, 4, 1, 'ones');
    sr.v_after_1_iter.forEach((x, i) => expect(Math.abs((one.v[i] as number) - x)).toBeLessThanOrEqual(1e-6));
    sr.u_after_1_iter.forEach((x, i) => expect(Math.abs((one.u[i] as number) - x)).toBeLessThanOrEqual(1e-6));
  });

  it('SVD start (the code) is exact from step 1; a seeded random start is reproducible and converges', () => {
    const svd = powerIteration(W, 3, 4, 1, 'svd');
    expect(svd.sigmas[0]).toBeCloseTo(sr.sigma_exact_svd, 6);
    const a = powerIteration(W, 3, 4, 60, { random: mulberry32(7) });
    const b = powerIteration(W, 3, 4, 60, { random: mulberry32(7) });
    expect(Array.from(a.sigmas)).toEqual(Array.from(b.sigmas));
    expect(a.sigmas[59]).toBeCloseTo(sr.sigma_exact_svd, 6);
    for (let k = 1; k < 60; k++) expect(a.sigmas[k] as number).toBeLessThanOrEqual(sr.sigma_exact_svd + 1e-6);
    const t = topSingular(W, 3, 4);
    expect(t.u.length).toBe(4);
    expect(t.v.length).toBe(3);
  });

  it('Ŵ = γ/σ̂ · W after one cold step, and its actual spectral norm', () => {
    const sigma1 = powerIteration(W, 3, 4, 1, 'ones').sigmas[0] as number;
    const wh = reparametrise(W, 1, sigma1);
    sr.W_hat_gamma1_after_1_iter.flat().forEach((x, i) => expect(Math.abs((wh[i] as number) - x)).toBeLessThanOrEqual(1e-6));
    expect(Math.abs(spectralNorm(wh, 3, 4) - sr.spectral_norm_of_W_hat_gamma1_after_1_iter)).toBeLessThanOrEqual(1e-6);
    // PyTorch init: γ = σ_SVD, so Ŵ = W.
    const same = reparametrise(W, sr.sigma_exact_svd, sr.sigma_exact_svd);
    same.forEach((x, i) => expect(x).toBeCloseTo(W[i] as number, 12));
  });

  it('Jacobi eigenvectors diagonalise a random symmetric matrix', () => {
    const rng = mulberry32(3);
    const m = Array.from({ length: 7 * 5 }, () => rng() - 0.5);
    const g = gram(m, 7, 5, false);
    const { values, vectors } = symmetricEigen(g, 5);
    for (let r = 0; r < 5; r++) {
      for (let a = 0; a < 5; a++) {
        let gv = 0;
        for (let b = 0; b < 5; b++) gv += (g[a * 5 + b] as number) * (vectors[r * 5 + b] as number);
        expect(gv).toBeCloseTo((values[r] as number) * (vectors[r * 5 + a] as number), 12);
      }
      if (r > 0) expect(values[r] as number).toBeLessThanOrEqual(values[r - 1] as number);
    }
  });
});
