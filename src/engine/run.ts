import type { Chunk, MapChunk } from '../schema/chunk';
import { LabError } from '../schema/errors';
import type { Experiment, Zoom } from '../schema/experiment';
import type { Region } from '../reference/mapTiles';
import { unitWork, type RunPlan } from '../schema/plan';
import { GpuArena, peakBufferBytes, readF32 } from '../gpu/arena';
import { gpuCounts } from '../gpu/counters';
import { GpuProfiler } from '../gpu/profiler';
import type { Kernels } from '../gpu/kernels';
import type { TileReduce } from '../gpu/kernels/mapTiles';
import { compareMaps } from './compare';
import { headStats } from './headStats';
import { paneMap, type PaneMap } from './paneMap';
import { syntheticHead, type HeadInputs } from './headInputs';
import { runModel } from './modelRun';
import { familyGpu } from './family';
import type { ModelProvider } from './modelProvider';
import { runImport, type ImportProvider } from './importRun';
import { LONG_N, runLongContext } from './longRun';
import { entropySweep } from './sweep';
import { generateInputs } from './synthetic';

/** Largest side, in tiles, of a head-grid thumbnail. */
export const THUMB_SIDE = 48;
/** Largest side, in tiles, of the main heatmap: one tile per canvas pixel at most. */
export const FULL_SIDE = 512;

export interface RunContext {
  readonly runId: number;
  readonly signal: AbortSignal;
  /** Receives each chunk; Float32Arrays inside may be transferred by the caller. */
  readonly emit: (chunk: Chunk) => void | Promise<void>;
  /** Where model sources get their weights and tokenizer (required for them). */
  readonly models?: ModelProvider;
  /** Where import sources get their tensors (required for them). */
  readonly imports?: ImportProvider;
}

/** Smallest tile side that brings n down to at most `side` tiles. */
export function tileFor(n: number, side: number): number {
  return Math.max(1, Math.ceil(n / side));
}

/** The token region a view shows: the zoom (when it fits in n tokens), or the whole map. */
export function regionOf(zoom: Zoom | null, n: number): Region {
  return zoom && zoom.q1 <= n && zoom.k1 <= n ? { r0: zoom.q0, c0: zoom.k0, rows: zoom.q1 - zoom.q0, cols: zoom.k1 - zoom.k0 } : { r0: 0, c0: 0, rows: n, cols: n };
}

/** Tiles of a region at most `side` tiles on its longer edge. */
export interface Tiles {
  readonly tile: number;
  readonly tr: number;
  readonly tc: number;
  readonly region: Region;
  readonly data: Float32Array;
}

async function readTiles(k: Kernels, arena: GpuArena, src: GPUBuffer, n: number, side: number, reduce: TileReduce, region = regionOf(null, n)): Promise<Tiles> {
  const tile = tileFor(Math.max(region.rows, region.cols), side);
  const enc = k.device.createCommandEncoder({ label: 'run.tiles' });
  const { out, tr, tc } = k.mapTiles.encode(k.device, arena, enc, src, n, tile, reduce, region);
  k.device.queue.submit([enc.finish()]);
  return { tile, tr, tc, region, data: await readF32(k.device, out, tr * tc) };
}

async function rowMaxOf(k: Kernels, arena: GpuArena, p: GPUBuffer, n: number): Promise<Float32Array> {
  const enc = k.device.createCommandEncoder({ label: 'run.rowMax' });
  const t = k.rowThreshold.encode(k.device, arena, enc, p, n, { mode: 'topk', k: 1 });
  k.device.queue.submit([enc.finish()]);
  return readF32(k.device, t, n);
}

/**
 * Runs an Experiment on the GPU and streams chunks in this order: the statistics of every
 * planned head and pane (the grid's numbers fill in first, with progress), then the thumbnails,
 * then the selected head's large map and mask veil for every pane, then (with a σReparam pane)
 * the selected head's entropy-collapse sweep.
 *
 * Memory bound: per unit in flight (unitsInFlight: as many as fit 256 MiB), one pane at a time
 * beside pane 0's map (kept for the comparisons). Per pane, S is freed once P exists; with a mask set, P, the 0/1 mask and the
 * renormalised masked map coexist. Peak: pane 0's P plus three N² maps, 4 · N² · 4 bytes
 * (256 MiB at N = 4096), plus O(N·d) vectors. Every buffer is freed before the next head starts.
 * Held between heads: thumbnails (panes · H · 48² floats) and screen-sized maps (≤ 512² floats).
 */
export async function runExperiment(k: Kernels, exp: Experiment, plan: RunPlan, ctx: RunContext): Promise<void> {
  const t0 = performance.now();
  const prof = GpuProfiler.supported(k.device) ? new GpuProfiler(k.device).start() : null;
  peakBufferBytes(true);
  gpuCounts(true);
  // Timestamps are read back at a progress chunk once the query set is half full (one readback per ~1000 passes).
  const profiled: RunContext = {
    ...ctx,
    emit: async (c) => {
      if (c.kind === 'progress' && prof?.halfFull()) await prof.collect();
      await ctx.emit(c);
    },
  };
  try {
    const src = exp.source;
    let dims = { n: 0, d: 0 };
    if (plan.family) await familyGpu(k, exp, profiled);
    else if (src.kind === 'model') dims = await runModel(k, exp, plan, profiled);
    else if (src.kind === 'import') dims = await runImport(k, exp, plan, profiled);
    else {
      dims = { n: src.seqLen, d: src.headDim };
      if (src.seqLen > LONG_N) await runLongContext(k, exp, plan, profiled);
      else await runStandard(k, exp, plan, profiled);
    }
    await prof?.collect();
    if (!ctx.signal.aborted && !plan.family && plan.search === undefined) {
      await ctx.emit({
        kind: 'perf', runId: ctx.runId, kernels: prof?.summary() ?? [], wallMs: performance.now() - t0,
        peakBytes: peakBufferBytes(), ...gpuCounts(), n: dims.n, d: dims.d,
      });
    }
  } finally {
    prof?.stop();
  }
}

async function runStandard(k: Kernels, exp: Experiment, plan: RunPlan, ctx: RunContext): Promise<void> {
  const src = exp.source;
  if (src.kind !== 'synthetic') throw new LabError('bad-input', 'runStandard: a synthetic source');
  const x = generateInputs(src);
  await runUnits(k, exp, plan, ctx, { n: src.seqLen, layers: 1, heads: src.heads }, async (_layer, head, selected) => syntheticHead(src, head, selected, x));
  if (plan.stats && plan.fullHead !== null && !ctx.signal.aborted) {
    const sweep = await entropySweep(k, exp, ctx.runId);
    if (sweep) await ctx.emit(sweep);
  }
}

/** The sizes runUnits needs: N tokens, L layers of H heads. */
export interface UnitShape {
  readonly n: number;
  readonly layers: number;
  readonly heads: number;
}

/** GPU memory the units in flight may hold together: a unit holds about four N² maps per pane. */
const UNITS_BYTES = 256 * 2 ** 20;
/** Most units in flight: each waits on a few readbacks, and the waits overlap. */
const UNITS_IN_FLIGHT = 32;

/**
 * How many units runUnits works on at once for N tokens and `panes` panes. One on a CPU
 * rasteriser (SwiftShader, a fallback adapter): there the waits are the work itself, and units
 * in flight only add memory.
 */
export function unitsInFlight(n: number, panes: number, device?: GPUDevice): number {
  const info = (device as (GPUDevice & { adapterInfo?: GPUAdapterInfo & { isFallbackAdapter?: boolean } }) | undefined)?.adapterInfo;
  if (info && (info.isFallbackAdapter || /swiftshader/i.test(`${info.vendor} ${info.description}`))) return 1;
  return Math.max(1, Math.min(UNITS_IN_FLIGHT, Math.floor(UNITS_BYTES / (16 * n * n * Math.max(1, panes)))));
}

/**
 * The per-head loop shared by every source with materialised maps. For each planned head, in
 * layer order: its inputs, then every pane's map, statistics (with the comparison against pane 0),
 * thumbnail and, for the selected head, the large map and mask veil. Statistics stream as they
 * are ready; maps follow once every head's statistics are out.
 *
 * Several units run at once (unitsInFlight), so that one unit's readbacks wait while the others'
 * work is encoded and run: the round trips to the GPU overlap instead of adding up. Chunks are
 * still sent in unit order, each unit's once it and every unit before it are done.
 */
export async function runUnits(
  k: Kernels, exp: Experiment, plan: RunPlan, ctx: RunContext, shape: UnitShape,
  inputsOf: (layer: number, head: number, selected: boolean) => Promise<HeadInputs>,
): Promise<void> {
  const t0 = performance.now();
  const { n, heads: H } = shape;
  const units = unitWork(plan, shape.layers, H, exp.view.layer);
  const { thumbOf, work } = units;
  const showMask = exp.analysis.mask.kind !== 'none';
  const total = work.length * exp.methods.length;
  /** Per unit: its chunks (null = a progress tick, numbered when sent), thumbnails and large maps. */
  const out = work.map(() => ({ now: [] as (Chunk | null)[], later: [] as MapChunk[], full: [] as MapChunk[], done: false }));
  let done = 0;
  let sent = 0;
  let flushing = Promise.resolve();
  const flush = async (): Promise<void> => {
    while (sent < work.length && out[sent]?.done) {
      for (const c of (out[sent] as (typeof out)[number]).now) {
        if (ctx.signal.aborted) throw new LabError('aborted', 'run superseded');
        await ctx.emit(c ?? { kind: 'progress', runId: ctx.runId, done: ++done, total, elapsedMs: performance.now() - t0 });
      }
      (out[sent] as (typeof out)[number]).now = [];
      sent++;
    }
  };

  const runUnit = async (w: number): Promise<void> => {
    const u = work[w] as number;
    const o = out[w] as (typeof out)[number];
    const layer = Math.floor(u / H);
    const head = u % H;
    const planned = units.planned.includes(u);
    const full = units.full === u;
    const inp = await inputsOf(layer, head, full || (layer === exp.view.layer && head === exp.view.head));
    const headArena = new GpuArena(k.device);
    try {
      let base: PaneMap | null = null;
      for (const [pane, method] of exp.methods.entries()) {
        if (ctx.signal.aborted) throw new LabError('aborted', 'run superseded');
        const arena = new GpuArena(k.device);
        try {
          const pm = await paneMap(k, pane === 0 ? headArena : arena, inp, method);
          if (pane === 0) base = pm;
          let maskMap: GPUBuffer | null = null;
          if ((planned && plan.stats) || (full && showMask)) {
            const r = await headStats(k, arena, pm.p, n, exp.analysis, { buffer: pm.v, dv: inp.d });
            maskMap = r.maskMap;
            if (planned && plan.stats) {
              const vsBase = pane > 0 && base
                ? await compareMaps(k, arena, base.p, pm.p, n, { buffer: arena.upload('run.V0', inp.v), dv: inp.d }, pm.v, { base: base.a, other: pm.a })
                : null;
              o.now.push({
                kind: 'stats', runId: ctx.runId, pane, layer, head, ...r.stats,
                rowMax: await rowMaxOf(k, arena, pm.p, n), vsBase, extras: pm.extras,
              });
            }
          }
          if (planned && thumbOf(u)) {
            o.later.push(mapChunk(ctx.runId, pane, head, 'thumb', exp.view.reduce, await readTiles(k, arena, pm.p, n, THUMB_SIDE, exp.view.reduce), layer));
          }
          if (full) {
            const region = regionOf(exp.view.zoom, n);
            o.full.push(mapChunk(ctx.runId, pane, head, 'full', exp.view.reduce, await readTiles(k, arena, pm.p, n, FULL_SIDE, exp.view.reduce, region), layer));
            if (maskMap) o.full.push(mapChunk(ctx.runId, pane, head, 'mask', 'mean', await readTiles(k, arena, maskMap, n, FULL_SIDE, 'mean', region), layer));
          }
        } finally {
          arena.destroy();
        }
        o.now.push(null);
      }
    } finally {
      headArena.destroy();
    }
  };

  // Workers take units in order; after a failure no new unit starts, and the run waits for those in flight (their buffers freed) before it throws.
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < work.length) {
      const w = next++;
      try {
        await runUnit(w);
        (out[w] as (typeof out)[number]).done = true;
        flushing = flushing.then(flush);
        await flushing;
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(work.length, unitsInFlight(n, exp.methods.length, k.device)) }, worker));
  const err = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (err) throw err.reason;
  for (const c of [...out.flatMap((o) => o.later), ...out.flatMap((o) => o.full)]) {
    if (ctx.signal.aborted) return;
    await ctx.emit(c);
  }
}

export function mapChunk(runId: number, pane: number, head: number, purpose: MapChunk['purpose'], reduce: TileReduce, t: Tiles, layer = 0): MapChunk {
  return {
    kind: 'map', runId, pane, layer, head, purpose, reduce, tile: t.tile, rows: t.tr, cols: t.tc, data: t.data,
    origin: { q: t.region.r0, k: t.region.c0 }, extent: { q: t.region.rows, k: t.region.cols },
  };
}
