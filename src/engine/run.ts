import type { Chunk, MapChunk } from '../schema/chunk';
import { LabError } from '../schema/errors';
import type { Experiment } from '../schema/experiment';
import type { RunPlan } from '../schema/plan';
import { GpuArena, readF32 } from '../gpu/arena';
import type { Kernels } from '../gpu/kernels';
import type { TileReduce } from '../gpu/kernels/mapTiles';
import { headStats } from './headStats';
import { generateHead } from './synthetic';

/** Largest side, in tiles, of a head-grid thumbnail. */
export const THUMB_SIDE = 48;
/** Largest side, in tiles, of the main heatmap: one tile per canvas pixel at most. */
export const FULL_SIDE = 512;

export interface RunContext {
  readonly runId: number;
  readonly signal: AbortSignal;
  /** Receives each chunk; Float32Arrays inside may be transferred by the caller. */
  readonly emit: (chunk: Chunk) => void | Promise<void>;
}

/** Smallest tile side that brings n down to at most `side` tiles. */
export function tileFor(n: number, side: number): number {
  return Math.max(1, Math.ceil(n / side));
}

async function readTiles(
  k: Kernels,
  arena: GpuArena,
  src: GPUBuffer,
  n: number,
  side: number,
  reduce: TileReduce,
): Promise<{ tile: number; t: number; data: Float32Array }> {
  const tile = tileFor(n, side);
  const enc = k.device.createCommandEncoder({ label: 'run.tiles' });
  const { out, t } = k.mapTiles.encode(k.device, arena, enc, src, n, tile, reduce);
  k.device.queue.submit([enc.finish()]);
  return { tile, t, data: await readF32(k.device, out, t * t) };
}

/**
 * Runs an Experiment on the GPU and streams chunks in this order: the statistics of every
 * planned head (the grid's numbers fill in first, with progress), then the thumbnails, then the
 * selected head's large map and its mask overlay.
 *
 * Memory bound: one head at a time. S is freed once P exists; with a mask set, P, the 0/1 mask
 * and the renormalised masked map coexist: at most 3 · N² · 4 bytes (192 MiB at N = 4096), plus
 * O(N·d) vectors; every buffer is freed before the next head starts. Held between heads: thumbnails (H · 48² floats) and one
 * screen-sized map (≤ 512² floats). Nothing holds heads × N² at once.
 */
export async function runExperiment(k: Kernels, exp: Experiment, plan: RunPlan, ctx: RunContext) {
  const t0 = performance.now();
  const { seqLen: n, headDim: d } = exp.source;
  const later: MapChunk[] = [];
  const fullLater: MapChunk[] = [];
  const base = { runId: ctx.runId, layer: 0 };
  const heads = plan.fullHead !== null && !plan.heads.includes(plan.fullHead)
    ? [...plan.heads, plan.fullHead]
    : plan.heads;
  const showMask = exp.analysis.mask.kind !== 'none';

  for (const [done, head] of heads.entries()) {
    if (ctx.signal.aborted) throw new LabError('aborted', 'run superseded');
    const planned = plan.heads.includes(head);
    const full = plan.fullHead === head;
    const { q, k: keys, v } = generateHead(exp.source, head);
    const arena = new GpuArena(k.device);
    try {
      const enc = k.device.createCommandEncoder({ label: `run.head${head}` });
      const s = k.attnScores.encode(k.device, arena, enc, arena.upload('run.Q', q), arena.upload('run.K', keys), n, d);
      const p = k.softmaxRows.encode(k.device, arena, enc, s, n);
      k.device.queue.submit([enc.finish()]);
      arena.free(s); // only P is needed from here on

      let maskMap: GPUBuffer | null = null;
      if ((planned && plan.stats) || (full && showMask)) {
        const r = await headStats(k, arena, p, n, exp.analysis, { buffer: arena.upload('run.V', v), dv: d });
        maskMap = r.maskMap;
        if (planned && plan.stats) await ctx.emit({ kind: 'stats', ...base, head, ...r.stats });
      }
      if (planned && plan.thumbs) {
        const tiles = await readTiles(k, arena, p, n, THUMB_SIDE, exp.view.reduce);
        later.push(mapChunk(ctx.runId, head, 'thumb', exp.view.reduce, tiles));
      }
      if (full) {
        fullLater.push(mapChunk(ctx.runId, head, 'full', exp.view.reduce, await readTiles(k, arena, p, n, FULL_SIDE, exp.view.reduce)));
        if (maskMap) {
          fullLater.push(mapChunk(ctx.runId, head, 'mask', 'mean', await readTiles(k, arena, maskMap, n, FULL_SIDE, 'mean')));
        }
      }
    } finally {
      arena.destroy();
    }
    await ctx.emit({ kind: 'progress', runId: ctx.runId, done: done + 1, total: heads.length, elapsedMs: performance.now() - t0 });
  }
  for (const c of [...later, ...fullLater]) {
    if (ctx.signal.aborted) return;
    await ctx.emit(c);
  }
}

function mapChunk(
  runId: number,
  head: number,
  purpose: MapChunk['purpose'],
  reduce: TileReduce,
  tiles: { tile: number; t: number; data: Float32Array },
): MapChunk {
  return { kind: 'map', runId, layer: 0, head, purpose, reduce, tile: tiles.tile, rows: tiles.t, cols: tiles.t, data: tiles.data };
}
