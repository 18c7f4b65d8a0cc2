import { readF32Many, type GpuArena } from '../gpu/arena';
import type { Kernels } from '../gpu/kernels';
import type { Comparison } from '../schema/chunk';

/** k of the top-k overlap reported by comparisons. */
export const COMPARE_TOPK = 8;

function mean(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return x.length ? s / x.length : NaN;
}

/**
 * Compares a changed map `other` with the dense `base` row by row on the GPU: KL(base‖other),
 * Jensen–Shannon, top-k overlap and the change of output ‖O′ − O‖ with O = A·V, O′ = A′·V′, A the
 * map that multiplies V (the displayed map unless `out` says otherwise).
 * Maps are [n, n]; V, V′ are [n, dv]. Reads back five vectors of length n.
 */
export async function compareMaps(
  k: Kernels,
  arena: GpuArena,
  base: GPUBuffer,
  other: GPUBuffer,
  n: number,
  v: { readonly buffer: GPUBuffer; readonly dv: number },
  /** Values the changed map multiplies, when the method changed them too (value temperature). */
  vOther: GPUBuffer = v.buffer,
  /** The maps that multiply V, where they are not the displayed ones (a normaliser's own rows). */
  out: { readonly base: GPUBuffer; readonly other: GPUBuffer } = { base, other },
): Promise<Comparison> {
  const dev = k.device;
  const topk = Math.min(COMPARE_TOPK, n);
  const enc = dev.createCommandEncoder({ label: 'compare' });
  const div = k.rowDivergence.encode(dev, arena, enc, base, other, n);
  const tA = k.rowThreshold.encode(dev, arena, enc, base, n, { mode: 'topk', k: topk });
  const tB = k.rowThreshold.encode(dev, arena, enc, other, n, { mode: 'topk', k: topk });
  const ov = k.topkOverlap.encode(dev, arena, enc, base, other, tA, tB, n);
  const o = k.attnOutput.encode(dev, arena, enc, out.base, v.buffer, n, v.dv);
  const o2 = k.attnOutput.encode(dev, arena, enc, out.other, vOther, n, v.dv);
  const dist = k.rowDistance.encode(dev, arena, enc, o2, o, n, v.dv);
  dev.queue.submit([enc.finish()]);
  const [kl, js, overlap, outDelta] = (await readF32Many(dev, [div.kl, div.js, ov, dist].map((src) => ({ src, count: n })))) as [
    Float32Array, Float32Array, Float32Array, Float32Array,
  ];
  return {
    kl,
    js,
    overlap,
    topk,
    outDelta,
    meanKL: mean(kl),
    meanJS: mean(js),
    meanOverlap: mean(overlap),
    meanOutDelta: mean(outDelta),
  };
}
