import { mapTiles } from '../reference/mapTiles';
import { rowThreshold } from '../reference/rowThreshold';
import type { Comparison, MapChunk } from '../schema/chunk';
import { LabError } from '../schema/errors';
import type { Experiment } from '../schema/experiment';
import { unitWork, type RunPlan } from '../schema/plan';
import { cpuCompare, cpuPaneMap, cpuStatsOf, type CpuPaneMap } from './cpuStats';
import { syntheticHead, type HeadInputs } from './headInputs';
import { runModelCpu } from './modelRunCpu';
import { familyCpu } from './family';
import { importContext, importHead, importedFor } from './importRun';
import { FULL_SIDE, THUMB_SIDE, mapChunk, regionOf, tileFor, type RunContext, type UnitShape } from './run';
import { generateInputs } from './synthetic';

/**
 * The CPU engine: the same run as runExperiment, chunk for chunk, computed by the float64 twins,
 * for browsers without WebGPU. It is O(panes · heads · N²·d), so it is limited to small N.
 */
export const CPU_MAX_SEQ = 256;

const f32 = (x: ArrayLike<number>) => Float32Array.from(x);
const mean = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return x.length ? s / x.length : NaN;
};

function comparison(c: ReturnType<typeof cpuCompare>): Comparison {
  return {
    kl: f32(c.kl), js: f32(c.js), overlap: f32(c.overlap), topk: c.topk, outDelta: f32(c.outDelta),
    meanKL: mean(c.kl), meanJS: mean(c.js), meanOverlap: mean(c.overlap), meanOutDelta: mean(c.outDelta),
  };
}

function tiles(runId: number, pane: number, head: number, purpose: MapChunk['purpose'], reduce: 'max' | 'mean', p: ArrayLike<number>, n: number, side: number, region = regionOf(null, n), layer = 0): MapChunk {
  const tile = tileFor(Math.max(region.rows, region.cols), side);
  const t = mapTiles(p, n, tile, reduce, region);
  return mapChunk(runId, pane, head, purpose, reduce, { tile, tr: t.rows, tc: t.cols, region, data: f32(t.data) }, layer);
}

/** Lets the worker see an abort (and other messages) between panes. */
const yieldNow = () => new Promise<void>((r) => setTimeout(r, 0));

export async function runExperimentCpu(exp: Experiment, plan: RunPlan, ctx: RunContext): Promise<void> {
  const src = exp.source;
  if (plan.family) {
    await familyCpu(exp, ctx);
    return;
  }
  if (src.kind === 'model') {
    await runModelCpu(exp, plan, ctx);
    return;
  }
  const n = src.seqLen;
  if (src.kind === 'import') {
    const t = importedFor(exp, ctx);
    if (n > CPU_MAX_SEQ) {
      throw new LabError('bad-input', `Without WebGPU the lab computes on the CPU, which is limited to N ≤ ${CPU_MAX_SEQ} tokens (these imported tensors have ${n}). Import a shorter sequence, or open the lab in a WebGPU browser.`);
    }
    await cpuUnits(exp, plan, importContext(src, ctx), { n, layers: src.layers, heads: src.heads }, (layer, head, selected) => importHead(t, layer, head, selected));
    return;
  }
  if (n > CPU_MAX_SEQ) {
    throw new LabError('bad-input', `Without WebGPU the lab computes on the CPU, which is limited to N ≤ ${CPU_MAX_SEQ} tokens (this experiment has ${n}). Lower N, or open the lab in a WebGPU browser.`);
  }
  const x = generateInputs(src);
  await cpuUnits(exp, plan, ctx, { n, layers: 1, heads: src.heads }, (_l, head, selected) => syntheticHead(src, head, selected, x));
}

/** runUnits on the CPU: the same chunks, in the same order, from the float64 twins. */
export async function cpuUnits(
  exp: Experiment, plan: RunPlan, ctx: RunContext, shape: UnitShape,
  inputsOf: (layer: number, head: number, selected: boolean) => HeadInputs,
): Promise<void> {
  const t0 = performance.now();
  const { n, heads: H } = shape;
  const units = unitWork(plan, shape.layers, H, exp.view.layer);
  const { thumbOf, work } = units;
  const later: MapChunk[] = [];
  const total = work.length * exp.methods.length;
  let done = 0;
  for (const u of work) {
    const layer = Math.floor(u / H);
    const head = u % H;
    const planned = units.planned.includes(u);
    const inp = inputsOf(layer, head, u === units.full || (layer === exp.view.layer && head === exp.view.head));
    const d = inp.d;
    let base: CpuPaneMap | null = null;
    for (const [pane, method] of exp.methods.entries()) {
      await yieldNow();
      if (ctx.signal.aborted) throw new LabError('aborted', 'run superseded');
      const pm = cpuPaneMap(inp, method);
      if (pane === 0) base = pm;
      const st = cpuStatsOf(pm.p, pm.v, n, d, exp.analysis);
      if (plan.stats && planned) {
        await ctx.emit({
          kind: 'stats', runId: ctx.runId, pane, layer, head,
          rowEntropy: f32(st.rowEntropy), meanEntropy: st.meanEntropy, meanEntropyFrom1: st.meanEntropyFrom1,
          meanNormEntropy: st.meanNormEntropy, alpha: f32(st.alpha), sinks: st.sinks, sinkMass: f32(st.sinkMass),
          meanSinkMass: st.meanSinkMass,
          mask: st.mask && exp.analysis.mask.kind !== 'none'
            ? {
                kind: exp.analysis.mask.kind, kept: f32(st.mask.kept), retained: f32(st.mask.retained),
                sparsity: st.mask.sparsity, meanRetained: st.mask.meanRetained,
                vsDense: comparison({ kl: st.mask.kl, js: st.mask.js, overlap: st.mask.overlap, outDelta: st.mask.outDelta, topk: Math.min(8, n) }),
              }
            : null,
          rowMax: f32(rowThreshold(pm.p, n, { mode: 'topk', k: 1 })),
          vsBase: pane > 0 && base ? comparison(cpuCompare(base.p, pm.p, n, base.v, pm.v, d, { a: base.a, b: pm.a })) : null,
          extras: pm.extras,
        });
      }
      if (planned && thumbOf(u)) later.push(tiles(ctx.runId, pane, head, 'thumb', exp.view.reduce, pm.p, n, THUMB_SIDE, undefined, layer));
      if (units.full === u) {
        const region = regionOf(exp.view.zoom, n);
        later.push(tiles(ctx.runId, pane, head, 'full', exp.view.reduce, pm.p, n, FULL_SIDE, region, layer));
        if (st.mask) later.push(tiles(ctx.runId, pane, head, 'mask', 'mean', st.mask.map, n, FULL_SIDE, region, layer));
      }
      done++;
      await ctx.emit({ kind: 'progress', runId: ctx.runId, done, total, elapsedMs: performance.now() - t0 });
    }
  }
  for (const c of later) {
    if (ctx.signal.aborted) return;
    await ctx.emit(c);
  }
}
