import { GpuArena, readF32 } from '../gpu/arena';
import type { Kernels } from '../gpu/kernels';
import { detectSinks } from '../metrics/sinks';
import { keyIndicator } from '../reference/keyMass';
import { entropyMeans, meanNormalisedEntropy } from '../reference/rowEntropy';
import type { MapChunk, StatsChunk } from '../schema/chunk';
import type { Experiment } from '../schema/experiment';
import { LabError } from '../schema/errors';
import { planUnits, type RunPlan } from '../schema/plan';
import { checkBinding, encodeFusedStats, fusedHeadStats } from './fusedStats';
import { FULL_SIDE, THUMB_SIDE, mapChunk, regionOf, tileFor, type RunContext } from './run';
import { generateInputs, generateWeights, project } from './synthetic';

/**
 * Long contexts (N > LONG_N): the fused flash-style path. Every head's entropy and α come from
 * Q and K without an N×N buffer; only the selected head's map is materialised (once, straight
 * from the scores, no separate S), for its on-screen tiles, zoom and the mass on sinks.
 *
 * GPU memory bound: the selected head's P, N²·4 bytes (256 MiB at N = 8192, checked against the
 * device's storage binding limit), plus Q, K and O(N·N/256) partials (≈ 1.4 MiB at N = 8192).
 * Every other head needs no N² memory at all.
 */
export const LONG_N = 2048;

/** Why an experiment cannot run in long-context mode, or null. */
export function longContextProblem(exp: Experiment): string | null {
  if (exp.source.kind !== 'synthetic' || exp.source.seqLen <= LONG_N) return null;
  if (exp.methods.some((m) => m.id !== 'softmax')) {
    return `Above N = ${LONG_N} the lab runs the fused long-context path, which compares softmax panes only for now: remove the other methods or lower N.`;
  }
  if (exp.analysis.mask.kind !== 'none') return `Sparsity masks need the full map, which the long-context path (N > ${LONG_N}) does not keep: set the mask to none or lower N.`;
  return null;
}

const nanVector = (n: number) => new Float32Array(n).fill(NaN);

function statsChunk(runId: number, pane: number, head: number, rowEntropy: Float32Array, alpha: Float32Array, exp: Experiment, sinkMass: Float32Array): StatsChunk {
  const means = entropyMeans(rowEntropy);
  const mass = Array.from(sinkMass);
  return {
    kind: 'stats', runId, pane, layer: 0, head, rowEntropy,
    meanEntropy: means.all, meanEntropyFrom1: means.from1, meanNormEntropy: meanNormalisedEntropy(rowEntropy),
    alpha, sinks: detectSinks(alpha, exp.analysis.sinks), sinkMass,
    meanSinkMass: mass.some(Number.isNaN) ? NaN : mass.reduce((a, b) => a + b, 0) / mass.length,
    mask: null, rowMax: nanVector(rowEntropy.length), vsBase: null, extras: null,
  };
}

export async function runLongContext(k: Kernels, exp: Experiment, plan: RunPlan, ctx: RunContext): Promise<void> {
  const problem = longContextProblem(exp);
  if (problem) throw new LabError('bad-input', problem);
  const t0 = performance.now();
  const src = exp.source;
  if (src.kind !== 'synthetic') throw new LabError('bad-input', 'the long-context path takes a synthetic source');
  const { seqLen: n, headDim: d, modelDim: dm } = src;
  const x = generateInputs(src);
  const units = planUnits(plan, 1, src.heads, 0);
  const heads = units.all;
  const later: MapChunk[] = [];
  const total = heads.length * exp.methods.length;
  let done = 0;
  for (const head of heads) {
    const w = generateWeights(src, head);
    const arena = new GpuArena(k.device);
    try {
      const qb = arena.upload('long.Q', project(x, w.wq, n, dm, d));
      const kb = arena.upload('long.K', project(x, w.wk, n, dm, d));
      const planned = units.planned.includes(head);
      const thumbs = planned && plan.thumbs;
      // The panes are all softmax here: one computation serves every pane.
      const fused = await fusedHeadStats(k, qb, kb, n, d, thumbs ? { tiles: { side: THUMB_SIDE, reduce: exp.view.reduce } } : {});
      let sinkMass: Float32Array = nanVector(n);
      const full: MapChunk[] = [];
      if (units.full === head) {
        checkBinding(k.device, 'the selected head\'s map', n * n * 4);
        const p = arena.storage('long.P', n * n);
        const enc = k.device.createCommandEncoder({ label: 'long.materialise' });
        encodeFusedStats(k, arena, enc, qb, kb, n, d, { p });
        const region = regionOf(exp.view.zoom, n);
        const tile = tileFor(Math.max(region.rows, region.cols), FULL_SIDE);
        const tiles = k.mapTiles.encode(k.device, arena, enc, p, n, tile, exp.view.reduce, region);
        const sinks = detectSinks(fused.alpha, exp.analysis.sinks);
        const mass = k.keyMass.encode(k.device, arena, enc, p, arena.upload('long.w', keyIndicator(n, sinks.detected)), n);
        k.device.queue.submit([enc.finish()]);
        const data = await readF32(k.device, tiles.out, tiles.tr * tiles.tc);
        sinkMass = await readF32(k.device, mass, n);
        for (const pane of exp.methods.keys()) {
          full.push(mapChunk(ctx.runId, pane, head, 'full', exp.view.reduce, { tile, tr: tiles.tr, tc: tiles.tc, region, data: data.slice() }));
        }
      }
      for (const pane of exp.methods.keys()) {
        if (ctx.signal.aborted) throw new LabError('aborted', 'run superseded');
        if (planned && plan.stats) {
          await ctx.emit(statsChunk(ctx.runId, pane, head, fused.rowEntropy.slice(), fused.alpha.slice(), exp, sinkMass.slice()));
        }
        if (thumbs && fused.tiles) {
          const t = fused.tiles;
          later.push(mapChunk(ctx.runId, pane, head, 'thumb', exp.view.reduce, { tile: t.tile, tr: t.t, tc: t.t, region: regionOf(null, n), data: t.data.slice() }));
        }
        done++;
        await ctx.emit({ kind: 'progress', runId: ctx.runId, done, total, elapsedMs: performance.now() - t0 });
      }
      for (const c of full) later.push(c);
    } finally {
      arena.destroy();
    }
  }
  const thumbsFirst = [...later.filter((c) => c.purpose === 'thumb'), ...later.filter((c) => c.purpose !== 'thumb')];
  for (const c of thumbsFirst) {
    if (ctx.signal.aborted) return;
    await ctx.emit(c);
  }
}
