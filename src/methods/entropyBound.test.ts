import { describe, expect, it } from 'vitest';
import golden from '../reference/fixtures/golden.json';
import { attnScores } from '../reference/attnScores';
import { matmul } from '../reference/matmul';
import { rowEntropy } from '../reference/rowEntropy';
import { softmaxRows } from '../reference/softmaxRows';
import { bilinearNorm, causalRowBounds, entropyBound, entropyLowerBound, prefixSquaredNorms } from './entropyBound';
import { spectralNorm } from './sigmaReparam';


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
const normal = (rng: () => number) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());

const sr = golden.sigma_reparam;

describe('attention-entropy lower bound (Theorem 3.1, docs/methods.md "σReparam")', () => {
  it('reproduces the golden table, T = 2 … 4096, to 1e-6', () => {
    for (const [T, row] of Object.entries(sr['entropy_lower_bound_table[T][sigma_bold]'])) {
      for (const [sg, want] of Object.entries(row)) {
        expect(Math.abs(entropyLowerBound(Number(sg), Number(T)) - want), `T=${T} 𝛔=${sg}`).toBeLessThanOrEqual(1e-6);
      }
    }
    expect(entropyLowerBound(3, 1)).toBe(0);
  });

  it('toy check: σ(W_Q W_Kᵀ), σ_x, 𝛔 and the bound; it holds on the full-attention rows', () => {
    const toy = sr.toy_bound_check;
    const r = entropyBound(toy.X.flat(), 5, 3, toy.W_Q.flat(), toy.W_K.flat(), 2);
    expect(Math.abs(r.sigma - toy['sigma_WQ_WK^T'])).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(r.sigmaX - toy['sigma_x=||XX^T||_2'])).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(r.sigmaBold - toy.sigma_bold)).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(r.bound - toy.lower_bound)).toBeLessThanOrEqual(1e-6);
    expect(Math.min(...toy.row_entropies_full_attention)).toBeGreaterThanOrEqual(r.bound);
  });

  it('prefix norms ‖X_{≤i}‖₂²: exact and warm-started power iteration agree with a direct SVD', () => {
    const rng = mulberry32(11);
    const n = 12;
    const dx = 5;
    const x = Array.from({ length: n * dx }, () => normal(rng));
    const exact = prefixSquaredNorms(x, n, dx);
    const power = prefixSquaredNorms(x, n, dx, 0);
    for (let i = 0; i < n; i++) {
      const direct = spectralNorm(x.slice(0, (i + 1) * dx), i + 1, dx) ** 2;
      expect(exact[i]).toBeCloseTo(direct, 10);
      expect(power[i]).toBeCloseTo(direct, 6);
    }
  });

  it('property: on seeded draws the causal per-row bound never exceeds the measured row entropy', () => {
    for (let seed = 1; seed <= 24; seed++) {
      const rng = mulberry32(seed);
      const n = 2 + (seed % 9);
      const dx = 2 + (seed % 5);
      const dk = 1 + (seed % 4);
      const spread = [0.05, 0.3, 1, 3][seed % 4] as number;
      const x = Array.from({ length: n * dx }, () => spread * normal(rng));
      const wq = Array.from({ length: dx * dk }, () => normal(rng));
      const wk = Array.from({ length: dx * dk }, () => normal(rng));
      const scale = seed % 2 ? 1 : 1 / Math.sqrt(dk);
      const q = matmul(x, wq, n, dx, dk);
      const k = matmul(x, wk, n, dx, dk);
      const h = rowEntropy(softmaxRows(attnScores(q, k, n, dk, scale), n), n);
      const { bound } = causalRowBounds(x, n, dx, bilinearNorm(wq, wk, dx, dk), scale);
      for (let i = 0; i < n; i++) expect(bound[i] as number, `seed ${seed} row ${i}`).toBeLessThanOrEqual((h[i] as number) + 1e-12);
    }
  });
});
