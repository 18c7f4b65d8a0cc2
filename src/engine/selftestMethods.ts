import type { Kernels } from '../gpu/kernels';
import { positionMultiplier, rowMultiplier } from '../methods/temperature';
import { actCalibrate } from '../reference/actCalibrate';
import { attnScores } from '../reference/attnScores';
import golden from '../reference/fixtures/golden.json';
import { keyIndicator } from '../reference/keyMass';
import { matmul } from '../reference/matmul';
import { normalizeRows, type Normalizer } from '../reference/normalizeRows';
import { rowRenorm } from '../reference/rowRenorm';
import { GOLDEN_TOLERANCE, f32, maxDiff, result, runGpu, type KernelName, type ParityResult } from './parity';
import { normal, type Rng } from './random';

/**
 * Parity of the method kernels: attnScores' row multiplier, actCalibrate, matmul,
 * normalizeRows (every mode) and rowRenorm, against their float64 twins on one case; and the
 * same kernels on golden.json's ACT, selective-temperature and sigmoid / softplus fixtures.
 */

/** Results methodsParity returns per case. */
export const METHOD_RESULTS_PER_CASE = 9;

/** Rows goldenMethodsParity returns. */
export const METHOD_GOLDEN_RESULTS = 11;

export async function methodsParity(
  k: Kernels,
  rng: Rng,
  name: string,
  q: Float32Array,
  kk: Float32Array,
  s32: Float32Array,
  p32: Float32Array,
  n: number,
  d: number,
): Promise<ParityResult[]> {
  const dev = k.device;
  const out: ParityResult[] = [];

  // attnScores with a row multiplier in [0.25, 4): causal part only, relative.
  const m = Float32Array.from({ length: n }, () => 0.25 * 16 ** rng());
  const sRef = attnScores(q, kk, n, d, 1 / Math.sqrt(d), m);
  const [sGpu] = await runGpu(k, (ar, enc) => [
    { out: k.attnScores.encode(dev, ar, enc, ar.upload('t.Q', q), ar.upload('t.K', kk), n, d, 1 / Math.sqrt(d), ar.upload('t.m', m)), count: n * n },
  ]);
  const causal = (x: ArrayLike<number>) => Array.from({ length: (n * (n + 1)) / 2 }, (_, t) => {
    const i = Math.floor((Math.sqrt(8 * t + 1) - 1) / 2);
    return x[i * n + (t - (i * (i + 1)) / 2)] as number;
  });
  out.push(result('attnScores', `${name} rowScale`, maxDiff(causal(sGpu as Float32Array), causal(sRef), true)));

  // actCalibrate: prefill (row 0 reset) on keys j ≡ 2 mod 3; decode-style (no reset) on odd keys.
  const sets: ReadonlyArray<[string, number[], boolean]> = [
    ['S = {j ≡ 2 mod 3}, row 0 reset', Array.from({ length: n }, (_, j) => j).filter((j) => j % 3 === 2), true],
    ['S = odd keys, no reset', Array.from({ length: n }, (_, j) => j).filter((j) => j % 2 === 1), false],
  ];
  for (const [label, keys, reset] of sets) {
    const w = keyIndicator(n, keys);
    const ref = actCalibrate(p32, n, w, 0.4, reset);
    const [pc, sc] = await runGpu(k, (ar, enc) => {
      const r = k.actCalibrate.encode(dev, ar, enc, ar.upload('t.P', p32), ar.upload('t.w', w), n, 0.4, reset);
      return [{ out: r.p, count: n * n }, { out: r.s, count: n }];
    });
    out.push(result('actCalibrate', `${name} ${label}`, Math.max(maxDiff(pc as Float32Array, ref.p), maxDiff(sc as Float32Array, ref.s))));
  }

  // matmul at sizes that are not multiples of the tile.
  const inner = d + 3;
  const cols = 2 * d + 1;
  const a = Float32Array.from({ length: n * inner }, () => normal(rng));
  const b = Float32Array.from({ length: inner * cols }, () => normal(rng));
  const [c] = await runGpu(k, (ar, enc) => [{ out: k.matmul.encode(dev, ar, enc, ar.upload('t.A', a), ar.upload('t.B', b), n, inner, cols), count: n * cols }]);
  out.push(result('matmul', `${name} [${n}×${inner}]·[${inner}×${cols}]`, maxDiff(c as Float32Array, matmul(a, b, n, inner, cols), true)));

  // normalizeRows, every mode, on the sentinel-filled scores.
  const norms: ReadonlyArray<[string, Normalizer]> = [
    ['softmax-off-by-one', { mode: 'softmax1' }],
    ['sigmoid b = −ln n', { mode: 'sigmoid', bias: -Math.log(Math.max(n, 2)) }],
    ['softplus-ℓ1 n_ref = 2n', { mode: 'softplusL1', nRef: 2 * n }],
    ['softplus-ℓ1 n_ref = 2n, p = 2.5', { mode: 'softplusL1', nRef: 2 * n, power: 2.5 }],
  ];
  for (const [label, norm] of norms) {
    const [got] = await runGpu(k, (ar, enc) => [{ out: k.normalizeRows.encode(dev, ar, enc, ar.upload('t.S', s32), n, norm), count: n * n }]);
    out.push(result('normalizeRows', `${name} ${label}`, maxDiff(got as Float32Array, normalizeRows(s32, n, norm))));
  }

  // rowRenorm on the twin's sigmoid map.
  const sig = f32(normalizeRows(s32, n, { mode: 'sigmoid', bias: -Math.log(Math.max(n, 2)) }));
  const [rr] = await runGpu(k, (ar, enc) => [{ out: k.rowRenorm.encode(dev, ar, enc, ar.upload('t.P', sig), n), count: n * n }]);
  out.push(result('rowRenorm', `${name} sigmoid rows`, maxDiff(rr as Float32Array, rowRenorm(sig, n))));
  return out;
}

const N = 6;
const rowSumsOf = (rows: number[][]) => rows.map((r) => r.reduce((s, v) => s + v, 0));

/** The method kernels on golden.json's fixtures (docs/methods.md "Test vectors"), each row to GOLDEN_TOLERANCE. */
export async function goldenMethodsParity(k: Kernels): Promise<ParityResult[]> {
  const dev = k.device;
  const out: ParityResult[] = [];
  const check = (kernel: KernelName, label: string, err: number) => out.push(result(kernel, `golden ${label}`, err, GOLDEN_TOLERANCE));
  const ones = new Float32Array(N).fill(1);

  // ACT: S → softmaxRows → actCalibrate (golden S) → P′, s, row sums (keyMass, w = 1), entropy.
  const act = [
    ['A', 'head_A'],
    ['B', 'head_B_short_seq_pathology'],
    ['C', 'head_C'],
  ] as const;
  for (const [h, key] of act) {
    const g = golden.act_calibration[key];
    const [pc, sc, sums, hAfter] = await runGpu(k, (ar, enc) => {
      const p = k.softmaxRows.encode(dev, ar, enc, ar.upload('g.S', f32(golden.fixtures[`S_${h}`].flat())), N);
      const r = k.actCalibrate.encode(dev, ar, enc, p, ar.upload('g.w', keyIndicator(N, g.calibrated_columns)), N, g.beta);
      return [
        { out: r.p, count: N * N },
        { out: r.s, count: N },
        { out: k.keyMass.encode(dev, ar, enc, r.p, ar.upload('g.ones', ones), N), count: N },
        { out: k.rowEntropy.encode(dev, ar, enc, r.p, N), count: N },
      ];
    });
    const err = Math.max(
      maxDiff(pc as Float32Array, g.calibrated_map.flat()),
      maxDiff(sc as Float32Array, g.sink_mass_per_row_s_i),
      maxDiff(sums as Float32Array, g.row_sums),
      maxDiff(hAfter as Float32Array, g.entropy_after),
    );
    check('actCalibrate', `ACT head ${h}: P′, s_i, row sums, entropy after`, err);
  }

  // Selective temperature: the golden scaled logits as "queries" against K = I (scale 1), so
  // attnScores applies m_i to exactly those logits; then softmaxRows and rowEntropy.
  const st = golden.selective_temperature;
  const identity = Float32Array.from({ length: N * N }, (_, x) => (x % (N + 1) === 0 ? 1 : 0));
  const lab = st['lab_pos_c0.5_times_tok_a0.5_b1'];
  const temps: ReadonlyArray<[string, Float64Array, { softmax: number[][]; row_entropy: number[] }]> = [
    ['c = 0.5', rowMultiplier(positionMultiplier(N, 0.5)), st['c_0.5']],
    ['c = exp(−e²) (lit-gpt init)', rowMultiplier(positionMultiplier(N, st['c_default_litgpt_beta2.0'].c)), st['c_default_litgpt_beta2.0']],
    ['c = exp(−e^1.5) (GPT-2 init)', rowMultiplier(positionMultiplier(N, st['c_default_gpt2_beta1.5'].c)), st['c_default_gpt2_beta1.5']],
    ['c = 0.5 × query-norm a = 0.5, b = 1 [lab]', rowMultiplier(positionMultiplier(N, 0.5), lab.tok_factor_t_i), lab],
  ];
  for (const [label, m, g] of temps) {
    const [p, h] = await runGpu(k, (ar, enc) => {
      const s = k.attnScores.encode(dev, ar, enc, ar.upload('g.S', f32(st.S_qk_scaled_logits.flat())), ar.upload('g.I', identity), N, N, 1, ar.upload('g.m', f32(m)));
      const pm = k.softmaxRows.encode(dev, ar, enc, s, N);
      return [{ out: pm, count: N * N }, { out: k.rowEntropy.encode(dev, ar, enc, pm, N), count: N }];
    });
    check('attnScores', `selective temperature ${label}: softmax and row entropies`, Math.max(maxDiff(p as Float32Array, g.softmax.flat()), maxDiff(h as Float32Array, g.row_entropy)));
  }

  // Sigmoid (b = −ln 6) and its row sums, softplus-ℓ1 (n_ref = 6), and the renormalised sigmoid.
  const ex = golden.extras;
  const sigmoid = ex['sigmoid_b=-ln(N)_on_S_A'];
  const [sg, sums, sp, rr] = await runGpu(k, (ar, enc) => {
    const s = ar.upload('g.S', f32(golden.fixtures.S_A.flat()));
    const a = k.normalizeRows.encode(dev, ar, enc, s, N, { mode: 'sigmoid', bias: -Math.log(N) });
    return [
      { out: a, count: N * N },
      { out: k.keyMass.encode(dev, ar, enc, a, ar.upload('g.ones', ones), N), count: N },
      { out: k.normalizeRows.encode(dev, ar, enc, s, N, { mode: 'softplusL1', nRef: 6 }), count: N * N },
      { out: k.rowRenorm.encode(dev, ar, enc, a, N), count: N * N },
    ];
  });
  check('normalizeRows', 'sigmoid b = −ln 6 on S_A', maxDiff(sg as Float32Array, sigmoid.flat()));
  check('normalizeRows', 'sigmoid row sums (keyMass, w = 1)', maxDiff(sums as Float32Array, ex.sigmoid_row_sums));
  check('normalizeRows', 'softplus-ℓ1 λ_i = ln(i+1)/ln 6 on S_A', maxDiff(sp as Float32Array, ex['softplus_l1_lab_scale_ln(i+1)/ln(6)_on_S_A'].flat()));
  const sumsG = rowSumsOf(sigmoid);
  check('rowRenorm', 'sigmoid rows / their sums', maxDiff(rr as Float32Array, sigmoid.flatMap((r, i) => r.map((v) => v / (sumsG[i] as number)))));
  return out;
}
