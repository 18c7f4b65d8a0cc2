/**
 * Selective Attention's temperatures (Zhang et al., NeurIPS 2024; docs/methods.md "Selective temperature") as per-row and
 * per-key factors. The row multiplier m [n] goes to attnScores (S_ij = m_i · s · q_i·k_j, before
 * masking); the value factor u [n] scales V's rows before A·V.
 */

/** Position-term presets for c: the code's β inits through c = exp(−e^β), and a strong one. */
export const TEMPERATURE_PRESETS = {
  'lit-gpt init': Math.exp(-Math.exp(2)),
  'GPT-2 init': Math.exp(-Math.exp(1.5)),
  strong: 0.5,
} as const;

/** The clamp on the combined multiplier m_i = m_pos(i)·t_i [lab]. */
export const MULTIPLIER_RANGE = [0.05, 20] as const;

/**
 * m_pos(i) = 1 + c·ln(i + 1) (the code's form; i + 1 = n_i, the keys row i sees). `offset` is the
 * absolute position of row 0, so decode rows keep their position (docs/methods.md "Selective temperature"). Returns [n].
 */
export function positionMultiplier(n: number, c: number, offset = 0): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 1 + c * Math.log(offset + i + 1));
}

/** 1 + a·tanh(b·(x_i / mean(x) − 1)) over row norms x of a [n, dim] matrix (1 where mean = 0). */
function normFactor(x: ArrayLike<number>, n: number, dim: number, a: number, b: number): Float64Array {
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < dim; c++) s += (x[i * dim + c] as number) ** 2;
    norms[i] = Math.sqrt(s);
  }
  const mean = norms.reduce((s, v) => s + v, 0) / n;
  return norms.map((v) => (mean > 0 ? 1 + a * Math.tanh(b * (v / mean - 1)) : 1));
}

/** [lab] Query-norm term t_i = 1 + a·tanh(b·(‖q_i‖/mean_k‖q_k‖ − 1)), Q [n, d]. Returns [n]. */
export function queryNormFactor(q: ArrayLike<number>, n: number, d: number, a: number, b: number): Float64Array {
  return normFactor(q, n, d, a, b);
}

/** m_i = m_pos(i)·t_i clamped to MULTIPLIER_RANGE; `t` omitted means t_i = 1. Returns [n]. */
export function rowMultiplier(mPos: ArrayLike<number>, t?: ArrayLike<number>): Float64Array {
  const [lo, hi] = MULTIPLIER_RANGE;
  return Float64Array.from({ length: mPos.length }, (_, i) => Math.min(hi, Math.max(lo, (mPos[i] as number) * (t ? (t[i] as number) : 1))));
}

/**
 * [lab] Value temperature: u_j = 1 + a_v·tanh(b_v·(‖v_j‖/mean‖v‖ − 1)) and V′ = diag(u)·V, V [n, dv].
 * Changes outputs only, never the map.
 */
export function valueTemperature(v: ArrayLike<number>, n: number, dv: number, av: number, bv: number): { u: Float64Array; v: Float64Array } {
  const u = normFactor(v, n, dv, av, bv);
  const out = Float64Array.from({ length: n * dv }, (_, x) => (v[x] as number) * (u[Math.floor(x / dv)] as number));
  return { u, v: out };
}
