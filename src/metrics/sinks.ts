import type { SinkSettings } from '../schema/analysis';
import type { SinkReport } from '../schema/chunk';

export type { SinkReport };

/**
 * ū_j: α_j under uniform causal attention (row i spreads 1/(i+1) over its keys),
 * ū_j = (1/(N−j)) Σ_{i=j}^{N−1} 1/(i+1). Even uniform attention gives ū_j ≥ 1/N, which is why an
 * absolute τ flags every key of a short sequence.
 */
export function uniformAlpha(n: number): Float64Array {
  const u = new Float64Array(n);
  let tail = 0;
  for (let j = n - 1; j >= 0; j--) {
    tail += 1 / (j + 1);
    u[j] = tail / (n - j);
  }
  return u;
}

/**
 * Sink detectors on received attention α_j (docs/methods.md "Received attention and sinks"), as the receivedAttention kernel
 * computes it: α_j = (1/(N−j)) Σ_{i≥j} P_ij, the mean attention key j gets from the queries
 * that can see it.
 */
export function detectSinks(alpha: ArrayLike<number>, s: SinkSettings): SinkReport {
  const n = alpha.length;
  const u = uniformAlpha(n);
  const detected: number[] = [];
  const gu: number[] = [];
  const relative: number[] = [];
  for (let j = 0; j < n; j++) {
    const a = alpha[j] as number;
    if (a > s.tau) detected.push(j);
    if (a > s.eps) gu.push(j);
    if (a > s.kappa * (u[j] as number) && n - j >= s.minSupport) relative.push(j);
  }
  const exempt = detected.length ? (detected[0] as number) : null;
  return {
    detected,
    exempt,
    calibrated: detected.slice(1),
    nonInitial: detected.filter((j) => j > 0),
    gu,
    relative,
  };
}

/**
 * Gu et al.'s Sink_k^ε over a set of heads (and layers, samples): the percentage of heads whose
 * α_k exceeds ε, per token k. `alphas` are per-head α vectors of equal length.
 */
export function guSinkRate(alphas: readonly ArrayLike<number>[], eps: number): Float64Array {
  const n = alphas[0]?.length ?? 0;
  const rate = new Float64Array(n);
  if (alphas.length === 0) return rate;
  for (const a of alphas) for (let k = 0; k < n; k++) if ((a[k] as number) > eps) rate[k] = (rate[k] as number) + 1;
  for (let k = 0; k < n; k++) rate[k] = (100 * (rate[k] as number)) / alphas.length;
  return rate;
}
