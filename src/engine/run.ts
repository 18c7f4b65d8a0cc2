import type { Chunk, MapChunk, StatsChunk } from '../schema/chunk';
import { LabError } from '../schema/errors';
import type { Experiment } from '../schema/experiment';
import type { RunPlan } from '../schema/plan';
import { GpuArena, readF32 } from '../gpu/arena';
import type { Kernels } from '../gpu/kernels';
import { entropyMeans } from '../reference/rowEntropy';
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

/**
 * Runs an Experiment on the GPU and streams chunks: per head, its statistics and thumbnail,
 * then the large map of the selected head last.
 *
 * Memory bound: one head at a time. Peak GPU memory is S and P for one head,
 * 2 · N² · 4 bytes (128 MiB at N = 4096), plus Q, K and the small outputs; every buffer is
 * freed before the next head starts. Nothing holds heads × N² at once.
 */
export async function runExperiment(k: Kernels, exp: Experiment, plan: RunPlan, ctx: RunContext) {
  const t0 = performance.now();
  const { seqLen: n, headDim: d } = exp.source;
  let pendingFull: MapChunk | null = null;
  let done = 0;
  const heads = plan.fullHead !== null && !plan.heads.includes(plan.fullHead)
    ? [...plan.heads, plan.fullHead]
    : plan.heads;

  for (const head of heads) {
    if (ctx.signal.aborted) throw new LabError('aborted', 'run superseded');
    const { q, k: keys } = generateHead(exp.source, head);
    const arena = new GpuArena(k.device);
    try {
      const enc = k.device.createCommandEncoder({ label: `run.head${head}` });
      const qb = arena.upload('run.Q', q);
      const kb = arena.upload('run.K', keys);
      const s = k.attnScores.encode(k.device, arena, enc, qb, kb, n, d);
      const p = k.softmaxRows.encode(k.device, arena, enc, s, n);
      const wantStats = plan.stats && plan.heads.includes(head);
      const h = wantStats ? k.rowEntropy.encode(k.device, arena, enc, p, n) : null;
      const thumb = plan.thumbs && plan.heads.includes(head)
        ? k.mapTiles.encode(k.device, arena, enc, p, n, tileFor(n, THUMB_SIDE), 'max')
        : null;
      const fullTile = tileFor(n, FULL_SIDE);
      const full = plan.fullHead === head
        ? k.mapTiles.encode(k.device, arena, enc, p, n, fullTile, 'max')
        : null;
      k.device.queue.submit([enc.finish()]);

      if (h) {
        const rowEntropy = await readF32(k.device, h, n);
        await ctx.emit(statsChunk(ctx.runId, head, rowEntropy));
      }
      if (thumb) {
        const data = await readF32(k.device, thumb.out, thumb.t * thumb.t);
        await ctx.emit(mapChunk(ctx.runId, head, 'thumb', tileFor(n, THUMB_SIDE), thumb.t, data));
      }
      if (full) {
        const data = await readF32(k.device, full.out, full.t * full.t);
        pendingFull = mapChunk(ctx.runId, head, 'full', fullTile, full.t, data);
      }
    } finally {
      arena.destroy();
    }
    done++;
    await ctx.emit({
      kind: 'progress',
      runId: ctx.runId,
      done,
      total: heads.length,
      elapsedMs: performance.now() - t0,
    });
  }
  if (pendingFull && !ctx.signal.aborted) await ctx.emit(pendingFull);
}

function statsChunk(runId: number, head: number, rowEntropy: Float32Array): StatsChunk {
  const means = entropyMeans(rowEntropy);
  return {
    kind: 'stats',
    runId,
    layer: 0,
    head,
    rowEntropy,
    meanEntropy: means.all,
    meanEntropyFrom1: means.from1,
  };
}

function mapChunk(
  runId: number,
  head: number,
  purpose: 'thumb' | 'full',
  tile: number,
  t: number,
  data: Float32Array,
): MapChunk {
  return { kind: 'map', runId, layer: 0, head, purpose, reduce: 'max', tile, rows: t, cols: t, data };
}
