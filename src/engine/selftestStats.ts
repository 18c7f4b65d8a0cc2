import type { GpuArena } from '../gpu/arena';
import type { Kernels } from '../gpu/kernels';
import { blockMaskFor, maxPoolBlocks } from '../metrics/blockMask';
import { attnOutput } from '../reference/attnOutput';
import { keyIndicator, keyMass } from '../reference/keyMass';
import { maskApply } from '../reference/maskApply';
import { maskStats, type Mask } from '../reference/maskStats';
import { receivedAttention } from '../reference/receivedAttention';
import { rowDistance } from '../reference/rowDistance';
import { rowDivergence } from '../reference/rowDivergence';
import { keptOfRow, rowThreshold, type ThresholdRule } from '../reference/rowThreshold';
import { softmaxRows } from '../reference/softmaxRows';
import { topkOverlap } from '../reference/topkOverlap';
import type { GpuMask } from '../gpu/kernels/maskStats';
import { f32, maxDiff, result, runGpu, type ParityResult } from './parity';
import { normal, type Rng } from './random';

/**
 * Parity of the statistics kernels against their float64 twins on one case. Inputs are
 * a baseline map A (the twin softmax, as f32), a sparse "method" map B (A's scores perturbed,
 * then a sink + window mask, renormalised: KL(A‖B) = +∞ on rows that lose keys) and V [n, dv].
 * Every kernel is fed the twin's own f32 inputs, so each error is the kernel's own.
 */

/** Mass-rule rows may flip where a cumulative sum lies within this of γ (f32 vs f64 sums). */
const GAMMA_BOUNDARY = 1e-5;

const row = (p: ArrayLike<number>, n: number, i: number) => Array.prototype.slice.call(p, i * n, i * n + i + 1) as number[];

/**
 * Per-row |Δkept| + |Δretained| between the sets the GPU and the twin thresholds keep. For the
 * mass rule a row whose sets differ is excused when they differ by one group of equal values and
 * the f64 mass kept by the higher threshold is within GAMMA_BOUNDARY of γ: there the f32 and f64
 * sums legitimately land on opposite sides of γ. Returns the error and the number of such rows.
 */
function thresholdError(p: ArrayLike<number>, n: number, tGpu: ArrayLike<number>, tRef: ArrayLike<number>, rule: ThresholdRule) {
  let err = 0;
  let boundary = 0;
  for (let i = 0; i < n; i++) {
    const xs = row(p, n, i);
    const g = keptOfRow(xs, tGpu[i] as number);
    const r = keptOfRow(xs, tRef[i] as number);
    const e = Math.abs(g.count - r.count) + Math.abs(g.mass - r.mass);
    if (e === 0) continue;
    const lo = Math.min(tGpu[i] as number, tRef[i] as number);
    const hi = Math.max(tGpu[i] as number, tRef[i] as number);
    const adjacent = !xs.some((x) => x > lo && x < hi);
    if (rule.mode === 'mass' && adjacent && Math.abs(keptOfRow(xs, hi).mass - rule.gamma) <= GAMMA_BOUNDARY) boundary++;
    else err = Math.max(err, e);
  }
  return { err, boundary };
}

/** The twin's mask in GPU form: thresholds uploaded as f32 (they are entries of P, so exact). */
function gpuMaskOf(ar: GpuArena, mask: Mask): GpuMask {
  switch (mask.mode) {
    case 'threshold':
      return { mode: 'threshold', t: ar.upload('t.t', f32(mask.t)) };
    case 'window':
      return mask;
    case 'block':
      return { mode: 'block', block: mask.block, blockMask: Uint32Array.from(mask.blockMask) };
  }
}

/** The sparse method map B: perturbed scores, sink + window mask, renormalised (f32 [n, n]). */
function methodMap(rng: Rng, s: Float32Array, n: number, window: number): Float32Array {
  const perturbed = Float32Array.from(s, (x) => x + 0.5 * normal(rng));
  const dense = softmaxRows(perturbed, n);
  const m = maskStats(dense, n, { mode: 'window', window, sinks: 1 });
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) dense[i * n + j] = ((dense[i * n + j] as number) * (m.map[i * n + j] as number)) / (m.retained[i] as number);
  }
  return f32(dense);
}

export async function statsParity(
  k: Kernels,
  rng: Rng,
  name: string,
  s32: Float32Array,
  a: Float32Array,
  n: number,
  dv: number,
): Promise<ParityResult[]> {
  const dev = k.device;
  const out: ParityResult[] = [];
  const window = Math.max(1, Math.floor(n / 4));
  const b = methodMap(rng, s32, n, window);
  const v = Float32Array.from({ length: n * dv }, () => normal(rng));

  const [alpha] = await runGpu(k, (ar, enc) => [{ out: k.receivedAttention.encode(dev, ar, enc, ar.upload('t.P', a), n), count: n }]);
  out.push(result('receivedAttention', name, maxDiff(alpha as Float32Array, receivedAttention(a, n))));

  const topk: ThresholdRule = { mode: 'topk', k: 5 };
  for (const rule of [topk, { mode: 'mass', gamma: 0.9 }] as const) {
    const [t] = await runGpu(k, (ar, enc) => [{ out: k.rowThreshold.encode(dev, ar, enc, ar.upload('t.P', a), n, rule), count: n }]);
    const { err, boundary } = thresholdError(a, n, t as Float32Array, rowThreshold(a, n, rule), rule);
    const label = rule.mode === 'topk' ? `topk k=${rule.k}` : `mass γ=${rule.gamma}`;
    out.push(result('rowThreshold', `${name} ${label}${boundary ? ` (${boundary} rows at the γ boundary)` : ''}`, err));
  }

  const block = Math.max(1, Math.ceil(n / 5));
  const pooled = maxPoolBlocks(a, n, block);
  const tA = rowThreshold(a, n, topk);
  const masks: ReadonlyArray<[string, Mask]> = [
    ['threshold topk k=5', { mode: 'threshold', t: tA }],
    [`window w=${window} sinks=2`, { mode: 'window', window, sinks: 2 }],
    [`block B=${block} r=0.5`, { mode: 'block', block, blockMask: blockMaskFor(pooled.pooled, pooled.nb, 0.5) }],
  ];
  for (const [label, mask] of masks) {
    const ref = maskStats(a, n, mask);
    const got = await runGpu(k, (ar, enc) => {
      const r = k.maskStats.encode(dev, ar, enc, ar.upload('t.P', a), n, gpuMaskOf(ar, mask), { map: true });
      return [{ out: r.kept, count: n }, { out: r.retained, count: n }, { out: r.map as GPUBuffer, count: n * n }];
    });
    const [kept, retained, map] = got as [Float32Array, Float32Array, Float32Array];
    const err = Math.max(maxDiff(kept, ref.kept), maxDiff(retained, ref.retained), maxDiff(map, ref.map));
    out.push(result('maskStats', `${name} ${label}`, err));
  }

  // keyMass on a key set (the first key and every third one), maskApply on the window mask.
  const keys = Array.from({ length: n }, (_, j) => j).filter((j) => j === 0 || j % 3 === 1);
  const w = keyIndicator(n, keys);
  const [km] = await runGpu(k, (ar, enc) => [{ out: k.keyMass.encode(dev, ar, enc, ar.upload('t.P', a), ar.upload('t.w', w), n), count: n }]);
  out.push(result('keyMass', `${name} ${keys.length} keys`, maxDiff(km as Float32Array, keyMass(a, n, w))));
  const wm = maskStats(a, n, { mode: 'window', window, sinks: 1 });
  const [pm] = await runGpu(k, (ar, enc) => [
    { out: k.maskApply.encode(dev, ar, enc, ar.upload('t.P', a), ar.upload('t.M', f32(wm.map)), ar.upload('t.R', f32(wm.retained)), n), count: n * n },
  ]);
  out.push(result('maskApply', `${name} window w=${window}`, maxDiff(pm as Float32Array, maskApply(a, wm.map, n))));

  const div = rowDivergence(a, b, n);
  const [kl, js] = await runGpu(k, (ar, enc) => {
    const r = k.rowDivergence.encode(dev, ar, enc, ar.upload('t.A', a), ar.upload('t.B', b), n);
    return [{ out: r.kl, count: n }, { out: r.js, count: n }];
  });
  const infRows = div.kl.filter((x) => x === Infinity).length;
  out.push(result('rowDivergence', `${name} KL (${infRows} rows +∞)`, maxDiff(kl as Float32Array, div.kl)));
  out.push(result('rowDivergence', `${name} JS`, maxDiff(js as Float32Array, div.js)));

  const tB = rowThreshold(b, n, topk);
  const [ov] = await runGpu(k, (ar, enc) => [
    { out: k.topkOverlap.encode(dev, ar, enc, ar.upload('t.A', a), ar.upload('t.B', b), ar.upload('t.tA', f32(tA)), ar.upload('t.tB', f32(tB)), n), count: n },
  ]);
  out.push(result('topkOverlap', `${name} k=5`, maxDiff(ov as Float32Array, topkOverlap(a, b, tA, tB, n))));

  const oRef = attnOutput(a, v, n, dv);
  const [o] = await runGpu(k, (ar, enc) => [{ out: k.attnOutput.encode(dev, ar, enc, ar.upload('t.P', a), ar.upload('t.V', v), n, dv), count: n * dv }]);
  out.push(result('attnOutput', `${name} dv=${dv}`, maxDiff(o as Float32Array, oRef, true)));

  const x = f32(oRef);
  const y = f32(attnOutput(b, v, n, dv));
  const [dist] = await runGpu(k, (ar, enc) => [{ out: k.rowDistance.encode(dev, ar, enc, ar.upload('t.X', x), ar.upload('t.Y', y), n, dv), count: n }]);
  out.push(result('rowDistance', `${name} ‖O′ − O‖`, maxDiff(dist as Float32Array, rowDistance(x, y, n, dv), true)));
  return out;
}
