/** official.json's `outputs` cases as pane inputs, for the output tests of both engines. */
import official from '../reference/fixtures/official.json';
import { attnOutput } from '../reference/attnOutput';
import type { HeadInputs } from '../engine/headInputs';

export { official };
export type Case = (typeof official.outputs)[number];
export const NORMALISERS = ['softmax', 'softmax1', 'sigmoid'] as const;

/** Q, K with QKᵀ/√d = S exactly in exact arithmetic: d = n, q_i = S_i, k_j = √n·e_j. */
export function headFromScores(c: Case): HeadInputs {
  const { n, dv } = c;
  const q = Float32Array.from(c.S.flat());
  const k = new Float32Array(n * n);
  for (let j = 0; j < n; j++) k[j * n + j] = Math.sqrt(n);
  // V is [n, dv] but the pane's d is the QK width n: pad V's rows to n columns.
  const v = new Float32Array(n * n);
  c.V.forEach((row, i) => row.forEach((x, t) => (v[i * n + t] = x)));
  void dv;
  return { n, d: n, layer: 0, head: 0, selected: true, q, k, v, proj: null };
}

export const officialOutput = (c: Case, id: (typeof NORMALISERS)[number]) => c[id].O.flat();

/** O [n, dv] from the pane's output map and its (padded) V. */
export function outputOf(a: ArrayLike<number>, v: ArrayLike<number>, n: number, dv: number): Float64Array {
  const o = attnOutput(Float64Array.from(a), v, n, n);
  const out = new Float64Array(n * dv);
  for (let i = 0; i < n; i++) for (let t = 0; t < dv; t++) out[i * dv + t] = o[i * n + t] as number;
  return out;
}

export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

