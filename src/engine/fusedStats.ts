import { GpuArena, readF32 } from '../gpu/arena';
import type { Kernels } from '../gpu/kernels';
import { FLASH_ROWS_PER_CHUNK } from '../gpu/kernels/flashCommon';
import type { TileReduce } from '../gpu/kernels/mapTiles';
import { LabError } from '../schema/errors';

/** The kernels of the fused path (all registered in createKernels). */
export type FusedKernels = Pick<Kernels, 'device' | 'flashRowStats' | 'flashColumns' | 'flashAlpha' | 'flashTiles'>;

/** Largest side, in tiles, of a fused map (the main heatmap: one tile per canvas pixel at most). */
export const FUSED_MAX_SIDE = 512;

export interface FusedStatsOptions {
  /** Score scale; default 1/√d. */
  readonly scale?: number;
  /** Also reduce P to an on-screen map of at most `side` (≤ 512) tiles a side, by max or mean. */
  readonly tiles?: { readonly side?: number; readonly reduce: TileReduce };
}

export interface FusedStats {
  /** H_i in nats, [n]. */
  readonly rowEntropy: Float32Array;
  /** α_j = (1/(n−j)) Σ_{i≥j} P_ij, [n]. */
  readonly alpha: Float32Array;
  /** Tile side, tiles per side t = ⌈n/tile⌉ and the map [t, t], row-major (as a 'map' chunk). */
  readonly tiles?: { readonly tile: number; readonly t: number; readonly data: Float32Array };
}

/** GPU buffers of the fused path for `heads` heads: lse, H and α are [heads, n]. */
export interface FusedBuffers {
  readonly lse: GPUBuffer;
  readonly h: GPUBuffer;
  readonly alpha: GPUBuffer;
}

/** Throws a LabError when a binding of `bytes` would pass the device's storage binding limit. */
export function checkBinding(device: GPUDevice, what: string, bytes: number): void {
  const limit = device.limits.maxStorageBufferBindingSize;
  if (bytes > limit) {
    throw new LabError('gpu-validation', `${what} needs ${bytes} bytes, over this GPU's storage binding limit of ${limit}`);
  }
}

/**
 * Records the fused path for heads [0, heads) of Q, K [heads, n, d]: pass 1 (lse, H), pass 2
 * (column sums of P per row chunk) and α. With `p` [heads, n, n] given (materialising path), pass 1
 * also stores the scores there and pass 2 turns them into P in place instead of recomputing QKᵀ.
 * GPU memory besides Q, K (and p): (3 + ⌈n/256⌉) · heads · n f32.
 */
export function encodeFusedStats(
  k: FusedKernels,
  arena: GpuArena,
  enc: GPUCommandEncoder,
  q: GPUBuffer,
  keys: GPUBuffer,
  n: number,
  d: number,
  opts: { readonly heads?: number; readonly p?: GPUBuffer; readonly scale?: number } = {},
): FusedBuffers {
  const heads = opts.heads ?? 1;
  const dev = k.device;
  checkBinding(dev, 'Q or K', heads * n * d * 4);
  if (opts.p) checkBinding(dev, 'P', heads * n * n * 4);
  // With P to fill, pass 1 stores the scores in it and pass 2 normalises them in place: one QKᵀ.
  const { lse, h } = k.flashRowStats.encode(dev, arena, enc, q, keys, n, d, { heads, scale: opts.scale, scores: opts.p });
  const cols = k.flashColumns.encode(dev, arena, enc, q, keys, lse, n, d, { heads, p: opts.p, fromP: true, scale: opts.scale });
  const alpha = k.flashAlpha.encode(dev, arena, enc, cols.partial, n, cols.chunks, heads);
  return { lse, h, alpha };
}

/**
 * Row entropy and received attention of one causal head straight from Q and K [n, d] (f32
 * storage buffers the caller owns), and optionally its on-screen map, without ever allocating
 * the [n, n] map: P is recomputed tile by tile in workgroup memory and registers.
 *
 * GPU memory bound (besides the caller's Q and K, 2·n·d f32): lse, H, α (3n f32), the column
 * partials (⌈n/256⌉·n f32) and the map (t² ≤ 512² f32), i.e. 4·(3n + ⌈n/256⌉·n + t²) bytes:
 * 1.4 MiB at n = 8192 (2.4 MiB with the map), freed before returning. The largest bindings are
 * Q and K, n·d·4 bytes (2 MiB at n = 8192, d = 64), checked against maxStorageBufferBindingSize.
 * Workgroup memory: 11.4 KiB per workgroup (under WebGPU's 16 KiB minimum limit).
 */
export async function fusedHeadStats(
  k: FusedKernels,
  q: GPUBuffer,
  keys: GPUBuffer,
  n: number,
  d: number,
  opts: FusedStatsOptions = {},
): Promise<FusedStats> {
  const dev = k.device;
  const arena = new GpuArena(dev);
  try {
    const enc = dev.createCommandEncoder({ label: 'fusedHeadStats' });
    const bufs = encodeFusedStats(k, arena, enc, q, keys, n, d, { scale: opts.scale });
    let map: { out: GPUBuffer; t: number; tile: number } | null = null;
    if (opts.tiles) {
      const side = Math.min(FUSED_MAX_SIDE, Math.max(1, opts.tiles.side ?? FUSED_MAX_SIDE));
      const tile = Math.max(1, Math.ceil(n / side));
      const r = k.flashTiles.encode(dev, arena, enc, q, keys, bufs.lse, n, d, tile, opts.tiles.reduce, 1, opts.scale);
      map = { ...r, tile };
    }
    dev.queue.submit([enc.finish()]);
    const rowEntropy = await readF32(dev, bufs.h, n);
    const alpha = await readF32(dev, bufs.alpha, n);
    if (!map) return { rowEntropy, alpha };
    const data = await readF32(dev, map.out, map.t * map.t);
    return { rowEntropy, alpha, tiles: { tile: map.tile, t: map.t, data } };
  } finally {
    arena.destroy();
  }
}

/** Rows per chunk of the column pass (for callers that size partial buffers themselves). */
export { FLASH_ROWS_PER_CHUNK };
