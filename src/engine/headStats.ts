import { readF32, readF32Many, type GpuArena } from '../gpu/arena';
import type { Kernels } from '../gpu/kernels';
import type { GpuMask } from '../gpu/kernels/maskStats';
import { blockMaskFor } from '../metrics/blockMask';
import { detectSinks } from '../metrics/sinks';
import { compareMaps } from './compare';
import { meanRetained, sparsity } from '../metrics/sparsity';
import { keyIndicator } from '../reference/keyMass';
import { entropyMeans, meanNormalisedEntropy } from '../reference/rowEntropy';
import type { Analysis, MaskSettings } from '../schema/analysis';
import type { MaskResult, StatsChunk } from '../schema/chunk';

/** Statistics of one head computed from its probability map P on the GPU. */
export type HeadStats = Omit<StatsChunk, 'kind' | 'runId' | 'layer' | 'head' | 'pane' | 'rowMax' | 'vsBase' | 'extras'>;

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return x.length ? s / x.length : NaN;
}

/** Builds the GPU form of a mask; the block mask needs P pooled into blocks first (one readback). */
async function gpuMask(k: Kernels, arena: GpuArena, p: GPUBuffer, n: number, m: MaskSettings): Promise<GpuMask | null> {
  if (m.kind === 'none') return null;
  if (m.kind === 'window') return { mode: 'window', window: m.window, sinks: m.sinks };
  const enc = k.device.createCommandEncoder({ label: 'headStats.mask' });
  if (m.kind === 'block') {
    const pooled = k.mapTiles.encode(k.device, arena, enc, p, n, m.block, 'max');
    k.device.queue.submit([enc.finish()]);
    const blocks = await readF32(k.device, pooled.out, pooled.t * pooled.t);
    return { mode: 'block', block: m.block, blockMask: blockMaskFor(blocks, pooled.t, m.nzRatio) };
  }
  const rule = m.kind === 'topk' ? { mode: 'topk' as const, k: m.k } : { mode: 'mass' as const, gamma: m.gamma };
  const t = k.rowThreshold.encode(k.device, arena, enc, p, n, rule);
  k.device.queue.submit([enc.finish()]);
  return { mode: 'threshold', t };
}

/**
 * Entropy, received attention, sinks and their mass, and what the experiment's mask keeps and
 * changes, for one head. Reads back only vectors of length N. With a mask set, also leaves the
 * 0/1 mask [N, N] on the GPU (returned) so the caller can tile-reduce it for the heatmap veil.
 */
export async function headStats(
  k: Kernels,
  arena: GpuArena,
  p: GPUBuffer,
  n: number,
  analysis: Analysis,
  v: { readonly buffer: GPUBuffer; readonly dv: number },
): Promise<{ stats: HeadStats; maskMap: GPUBuffer | null }> {
  const dev = k.device;
  const enc = dev.createCommandEncoder({ label: 'headStats.first' });
  const hBuf = k.rowEntropy.encode(dev, arena, enc, p, n);
  const aBuf = k.receivedAttention.encode(dev, arena, enc, p, n);
  dev.queue.submit([enc.finish()]);
  const [rowEntropy, alpha] = (await readF32Many(dev, [{ src: hBuf, count: n }, { src: aBuf, count: n }])) as [Float32Array, Float32Array];
  const sinks = detectSinks(alpha, analysis.sinks);

  const mask = await gpuMask(k, arena, p, n, analysis.mask);
  const enc2 = dev.createCommandEncoder({ label: 'headStats.second' });
  const w = arena.upload('headStats.sinkKeys', keyIndicator(n, sinks.detected));
  const mBuf = k.keyMass.encode(dev, arena, enc2, p, w, n);
  const ms = mask ? k.maskStats.encode(dev, arena, enc2, p, n, mask, { map: true }) : null;
  const pm = ms?.map ? k.maskApply.encode(dev, arena, enc2, p, ms.map, ms.retained, n) : null;
  dev.queue.submit([enc2.finish()]);
  const masked = ms && pm && analysis.mask.kind !== 'none' ? ms : null;
  const [sinkMass, kept, retained] = (await readF32Many(dev, [
    { src: mBuf, count: n },
    ...(masked ? [{ src: masked.kept, count: n }, { src: masked.retained, count: n }] : []),
  ])) as [Float32Array, Float32Array?, Float32Array?];

  let maskResult: MaskResult | null = null;
  if (ms && pm && kept && retained && analysis.mask.kind !== 'none') {
    maskResult = {
      kind: analysis.mask.kind,
      kept,
      retained,
      sparsity: sparsity(kept, n),
      meanRetained: meanRetained(retained),
      vsDense: await compareMaps(k, arena, p, pm, n, v),
    };
  }
  const means = entropyMeans(rowEntropy);
  return {
    stats: {
      rowEntropy,
      meanEntropy: means.all,
      meanEntropyFrom1: means.from1,
      meanNormEntropy: meanNormalisedEntropy(rowEntropy),
      alpha,
      sinks,
      sinkMass,
      meanSinkMass: mean(sinkMass),
      mask: maskResult,
    },
    maskMap: ms?.map ?? null,
  };
}
