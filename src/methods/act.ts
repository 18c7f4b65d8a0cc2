import { uniformAlpha } from '../metrics/sinks';

/**
 * ACT (Yu et al., ICML 2024) on the CPU: which keys get calibrated (docs/methods.md "ACT") and where
 * the freed mass went. The calibration itself is the actCalibrate kernel and its twin
 * (reference/actCalibrate.ts).
 */

/** Which detected key is spared: the lowest detected (the code), always token 0, or none. */
export type ActExemption = 'first-detected' | 'token0' | 'none';

/**
 * Detection rule on α_j: 'absolute' α_j > τ (the code); 'relative' [lab] α_j > κ·ū_j with ū_j the
 * α of uniform causal attention. `minSupport` m [lab] (default 1 = off) keeps only keys seen by at
 * least m queries (N − j ≥ m), for either rule.
 */
export type ActThreshold =
  | { readonly mode: 'absolute'; readonly tau: number; readonly minSupport?: number }
  | { readonly mode: 'relative'; readonly kappa: number; readonly minSupport?: number };

export interface ActSets {
  /** Keys whose α passes the rule, ascending. */
  readonly detected: number[];
  /** The spared key, or null (exemption 'none', or 'first-detected' with nothing detected). */
  readonly exempt: number | null;
  /** S: the keys the calibration scales by β, ascending. */
  readonly calibrated: number[];
}

/**
 * The calibrated set S from received attention α [N] (receivedAttention). With 'first-detected'
 * the lowest detected index is spared (usually token 0, but not always: docs/methods.md "ACT"); 'token0'
 * spares key 0 whether or not it was detected; 'none' calibrates everything detected.
 */
export function actSets(alpha: ArrayLike<number>, threshold: ActThreshold, exemption: ActExemption): ActSets {
  const n = alpha.length;
  const m = threshold.minSupport ?? 1;
  const u = threshold.mode === 'relative' ? uniformAlpha(n) : null;
  const detected: number[] = [];
  for (let j = 0; j < n; j++) {
    const a = alpha[j] as number;
    const pass = threshold.mode === 'absolute' ? a > threshold.tau : a > threshold.kappa * (u?.[j] as number);
    if (pass && n - j >= m) detected.push(j);
  }
  switch (exemption) {
    case 'first-detected':
      return { detected, exempt: detected[0] ?? null, calibrated: detected.slice(1) };
    case 'token0':
      return { detected, exempt: n > 0 ? 0 : null, calibrated: detected.filter((j) => j !== 0) };
    case 'none':
      return { detected, exempt: null, calibrated: detected.slice() };
  }
}

/**
 * "Where did the freed mass go" (docs/methods.md "ACT"), from the map before (P) and after (P′) calibration:
 * per row, the share of the mass freed from S, (1 − β)s_i = Σ_{j∈S}(P_ij − P′_ij), that the exempt
 * key received, (P′_ie − P_ie) / freed_i. NaN where nothing was freed (s_i = 0, a guarded or reset
 * row) or there is no exempt key. P, P′: [n, n]. Returns [n] in [0, 1].
 */
export function exemptShare(
  p: ArrayLike<number>,
  pCal: ArrayLike<number>,
  n: number,
  sets: Pick<ActSets, 'exempt' | 'calibrated'>,
): Float64Array {
  const share = new Float64Array(n).fill(NaN);
  const e = sets.exempt;
  if (e === null) return share;
  for (let i = Math.max(1, e); i < n; i++) {
    let freed = 0;
    for (const j of sets.calibrated) if (j <= i) freed += (p[i * n + j] as number) - (pCal[i * n + j] as number);
    if (freed > 0) share[i] = ((pCal[i * n + e] as number) - (p[i * n + e] as number)) / freed;
  }
  return share;
}

/** ACT's head search keeps the heads whose calibration lowered the loss by more than `min` nats/token, best first. */
export function selectedHeads(delta: ArrayLike<number>, min = 1e-4): number[] {
  return Array.from({ length: delta.length }, (_, u) => u)
    .filter((u) => (delta[u] as number) < -min)
    .sort((a, b) => (delta[a] as number) - (delta[b] as number));
}
