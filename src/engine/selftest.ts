import type { Kernels } from '../gpu/kernels';
import { blockMaskFor, renormaliseBlockRows, seerThresholdMask } from '../metrics/blockMask';
import golden from '../reference/fixtures/golden.json';
import { attnScores } from '../reference/attnScores';
import { mapTiles } from '../reference/mapTiles';
import { rowEntropy } from '../reference/rowEntropy';
import { softmaxRows } from '../reference/softmaxRows';
import { GOLDEN_TOLERANCE, f32, maxDiff, result, runGpu, type KernelName, type ParityResult } from './parity';
import { mulberry32, normal } from './random';
import { METHOD_GOLDEN_RESULTS, METHOD_RESULTS_PER_CASE, goldenMethodsParity, methodsParity } from './selftestMethods';
import { statsParity } from './selftestStats';

export { GOLDEN_TOLERANCE, TOLERANCE, type ParityResult } from './parity';

/**
 * Kernel-by-kernel parity against the float64 twins, on seeded inputs. The same harness runs in
 * Node (Dawn, src/engine/kernels.gpu.test.ts) and in the browser (selftest.html, checked by e2e).
 * Each kernel gets exactly the twin's input cast to f32, so an error is the kernel's own.
 * goldenParity runs the kernels on golden.json's fixtures instead (docs/methods.md "Test vectors").
 */

/** Logit put in the upper triangle before softmax: if the mask leaks, it dominates every row. */
const UPPER_SENTINEL = 9;

function randomMatrix(rng: () => number, rows: number, cols: number, scale: number): Float32Array {
  const a = new Float32Array(rows * cols);
  for (let x = 0; x < a.length; x++) a[x] = scale * normal(rng);
  return a;
}

/**
 * Results per case: 5 for the map kernels, 13 for the statistics kernels (selftestStats.ts), 9 for
 * the method kernels (selftestMethods.ts).
 */
export const RESULTS_PER_CASE = 19 + METHOD_RESULTS_PER_CASE;

/** Runs every kernel on one (n, d, seed) case and returns one result per kernel and mode. */
export async function kernelParity(
  k: Kernels,
  n: number,
  d: number,
  seed: number,
): Promise<ParityResult[]> {
  const rng = mulberry32(seed);
  const name = `n=${n} d=${d} seed=${seed}`;
  const out: ParityResult[] = [];
  const dev = k.device;

  // attnScores: compare the causal part (blocks above the diagonal are skipped by design).
  const q = randomMatrix(rng, n, d, 1.5);
  const kk = randomMatrix(rng, n, d, 1);
  const sRef = attnScores(q, kk, n, d);
  const [sGpu] = await runGpu(k, (arena, enc) => [
    { out: k.attnScores.encode(dev, arena, enc, arena.upload('t.Q', q), arena.upload('t.K', kk), n, d), count: n * n },
  ]);
  let errS = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const r = sRef[i * n + j] as number;
      errS = Math.max(errS, Math.abs((sGpu?.[i * n + j] as number) - r) / (1 + Math.abs(r)));
    }
  }
  out.push(result('attnScores', name, Number.isNaN(errS) ? Infinity : errS));

  // softmaxRows: twin scores as f32, with a sentinel in the upper triangle.
  const s32 = f32(sRef);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s32[i * n + j] = UPPER_SENTINEL;
  const pRef = softmaxRows(s32, n);
  const [pGpu] = await runGpu(k, (arena, enc) => [
    { out: k.softmaxRows.encode(dev, arena, enc, arena.upload('t.S', s32), n), count: n * n },
  ]);
  out.push(result('softmaxRows', name, maxDiff(pGpu as Float32Array, pRef)));

  // rowEntropy on the twin's probabilities.
  const p32 = f32(pRef);
  const [hGpu] = await runGpu(k, (arena, enc) => [
    { out: k.rowEntropy.encode(dev, arena, enc, arena.upload('t.P', p32), n), count: n },
  ]);
  out.push(result('rowEntropy', name, maxDiff(hGpu as Float32Array, rowEntropy(p32, n))));

  // mapTiles, both reductions, a tile that does not divide n.
  for (const reduce of ['max', 'mean'] as const) {
    const tile = Math.max(1, Math.ceil(n / 7));
    const ref = mapTiles(p32, n, tile, reduce);
    const [got] = await runGpu(k, (arena, enc) => {
      const r = k.mapTiles.encode(dev, arena, enc, arena.upload('t.P', p32), n, tile, reduce);
      return [{ out: r.out, count: r.t * r.t }];
    });
    out.push(result('mapTiles', `${name} tile=${tile} ${reduce}`, maxDiff(got as Float32Array, ref.data)));
  }
  // A zoomed region (rectangular, off the origin, a tile that does not divide it), mean-reduced.
  {
    const region = { r0: Math.floor(n / 3), c0: Math.floor(n / 5), rows: n - Math.floor(n / 3), cols: Math.max(1, Math.floor(n / 2)) };
    const tile = Math.max(1, Math.ceil(region.rows / 5));
    const ref = mapTiles(p32, n, tile, 'mean', region);
    const [got] = await runGpu(k, (arena, enc) => {
      const r = k.mapTiles.encode(dev, arena, enc, arena.upload('t.P', p32), n, tile, 'mean', region);
      return [{ out: r.out, count: r.tr * r.tc }];
    });
    out.push(result('mapTiles', `${name} region ${region.rows}×${region.cols}@${region.r0},${region.c0} tile=${tile}`, maxDiff(got as Float32Array, ref.data)));
  }

  for (const r of await statsParity(k, rng, name, s32, p32, n, d)) out.push(r);
  for (const r of await methodsParity(k, rng, name, q, kk, s32, p32, n, d)) out.push(r);
  return out;
}

/** The cases both Node and the browser run. */
export const PARITY_CASES: ReadonlyArray<readonly [n: number, d: number, seed: number]> = [
  [1, 4, 1],
  [7, 3, 2],
  [33, 16, 3],
  [64, 64, 4],
  [256, 32, 5],
];

/** Rows goldenParity returns: 10 for the statistics kernels, 11 for the method kernels. */
export const GOLDEN_RESULTS = 10 + METHOD_GOLDEN_RESULTS;

/**
 * The GPU kernels on golden.json's fixtures (docs/methods.md "Test vectors"), each row checked to GOLDEN_TOLERANCE:
 * α of heads A, B, C (S → softmaxRows → receivedAttention), the sink 1 + window 3 mask, the
 * Seer oracle scores (mapTiles 'max' + renormalisation) and both Seer block masks through
 * maskStats, the JS distance D, and FlexPrefill's score_cover counts through rowThreshold; then
 * the method kernels (selftestMethods.ts: ACT, selective temperature, sigmoid, softplus-ℓ1).
 */
export async function goldenParity(k: Kernels): Promise<ParityResult[]> {
  const dev = k.device;
  const N = 6;
  const out: ParityResult[] = [];
  const check = (kernel: KernelName, name: string, err: number) => out.push(result(kernel, `golden ${name}`, err, GOLDEN_TOLERANCE));
  const headS = (h: 'A' | 'B' | 'C') => f32(golden.fixtures[`S_${h}`].flat());
  const rowSums = (m: ArrayLike<number>, n: number) => Array.from({ length: n }, (_, i) => Array.prototype.slice.call(m, i * n, (i + 1) * n).reduce((a: number, b: number) => a + b, 0));

  for (const h of ['A', 'B', 'C'] as const) {
    const [alpha] = await runGpu(k, (ar, enc) => {
      const p = k.softmaxRows.encode(dev, ar, enc, ar.upload('g.S', headS(h)), N);
      return [{ out: k.receivedAttention.encode(dev, ar, enc, p, N), count: N }];
    });
    check('receivedAttention', `α head ${h}`, maxDiff(alpha as Float32Array, golden.sink_detection[`alpha_head_${h}`]));
  }

  // Token-level mask through maskStats (with its map), compared with a 0/1 [N, N] golden mask.
  const maskRun = async (mask: { mode: 'window'; window: number; sinks: number } | { mode: 'block'; block: number; blockMask: Uint32Array }, want: number[]) => {
    const [kept, map] = await runGpu(k, (ar, enc) => {
      const p = k.softmaxRows.encode(dev, ar, enc, ar.upload('g.S', headS('A')), N);
      const r = k.maskStats.encode(dev, ar, enc, p, N, mask, { map: true });
      return [{ out: r.kept, count: N }, { out: r.map as GPUBuffer, count: N * N }];
    });
    return Math.max(maxDiff(map as Float32Array, want), maxDiff(kept as Float32Array, rowSums(want, N)));
  };
  check('maskStats', 'sink 1 + window 3 mask, N = 6', await maskRun({ mode: 'window', window: 3, sinks: 1 }, golden.extras.sink1_window3_mask_N6.flat().map(Number)));

  const [pooled] = await runGpu(k, (ar, enc) => {
    const p = k.softmaxRows.encode(dev, ar, enc, ar.upload('g.S', headS('A')), N);
    const r = k.mapTiles.encode(dev, ar, enc, p, N, 2, 'max');
    return [{ out: r.out, count: r.t * r.t }];
  });
  const nb = 3;
  const scores = renormaliseBlockRows(pooled as Float32Array, nb);
  check('mapTiles', 'Seer oracle block scores, B = 2', maxDiff(scores, golden.extras.seer_oracle_block_scores_bs2_head_A.flat()));
  const seer: Array<[string, Uint32Array, boolean[][]]> = [
    ['Seer threshold 0.2 block mask', seerThresholdMask(scores, nb, 0.2), golden.extras['seer_threshold_0.2_mask']],
    ['Seer nz_ratio 0.5 block mask, last 2 dense', blockMaskFor(pooled as Float32Array, nb, 0.5), golden.extras['seer_nz_ratio_0.5_topk_mask_last2dense']],
  ];
  for (const [label, blockMask, want] of seer) {
    const wantBlocks = want.flat().map(Number);
    const tokens = Array.from({ length: N * N }, (_, x) => {
      const i = Math.floor(x / N);
      const j = x % N;
      return j <= i ? (wantBlocks[Math.floor(i / 2) * nb + Math.floor(j / 2)] as number) : 0;
    });
    const err = Math.max(maxDiff(blockMask, wantBlocks), await maskRun({ mode: 'block', block: 2, blockMask }, tokens));
    check('maskStats', label, err);
  }

  // JS distance: a 4×4 pair of maps equal except in the last row (p vs q); rows 0–2 give JS = 0.
  const { p, q, D } = golden.extras.flexprefill_sqrt_js;
  const top = [1, 0, 0, 0, 0.5, 0.5, 0, 0, 0.25, 0.5, 0.25, 0];
  const [js] = await runGpu(k, (ar, enc) => {
    const r = k.rowDivergence.encode(dev, ar, enc, ar.upload('g.A', f32([...top, ...p])), ar.upload('g.B', f32([...top, ...q])), 4);
    return [{ out: r.js, count: 4 }];
  });
  check('rowDivergence', 'JS distance √JS(p, q) = D', maxDiff(Array.from(js as Float32Array, Math.sqrt), [0, 0, 0, D]));

  // score_cover: x as the last row of a map whose other rows are one-hot on key 0.
  const cover = golden.extras.flexprefill_score_cover_topk;
  const coverMap = new Float32Array(N * N);
  for (let i = 0; i < N - 1; i++) coverMap[i * N] = 1;
  coverMap.set(cover.x, (N - 1) * N);
  for (const [gamma, want] of [[0.9, cover['gamma_0.9']], [0.5, cover['gamma_0.5']]] as const) {
    const [kept] = await runGpu(k, (ar, enc) => {
      const pm = ar.upload('g.P', coverMap);
      const t = k.rowThreshold.encode(dev, ar, enc, pm, N, { mode: 'mass', gamma });
      return [{ out: k.maskStats.encode(dev, ar, enc, pm, N, { mode: 'threshold', t }).kept, count: N }];
    });
    check('rowThreshold', `score_cover k at γ = ${gamma}`, Math.abs((kept?.[N - 1] as number) - want));
  }
  for (const r of await goldenMethodsParity(k)) out.push(r);
  return out;
}
