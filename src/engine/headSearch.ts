/**
 * ACT's head search on a model (Yu et al., "Unveiling and Harnessing Hidden Attention Sinks",
 * §4; docs/methods.md "ACT"): calibrate one head at a time and keep the heads where that lowers
 * the loss. The loss is measured on calibration text — the shipped calibration passages, or on the
 * command line the input texts — and, once every head is searched, the kept set is scored on the
 * calibration text and on the shown text, each before and after.
 * One forward pass per head and passage: only the searched head's layer goes through the method
 * hook (the others keep the model's own attention and need no readback). O(L · H) passes.
 */
import { LabError } from '../schema/errors';
import type { Experiment } from '../schema/experiment';
import { formatHeadSet, type MethodSpec } from '../schema/methods';
import type { SearchChunk } from '../schema/chunk';
import type { Kernels } from '../gpu/kernels';
import { selectedHeads } from '../methods/act';
import { forward } from '../models/forward';
import { forwardRefAsync, type AttendHookRef } from '../models/forwardRef';
import { yieldNow } from './pause';
import { methodHook } from './modelRun';
import { methodHookRef } from './modelRunCpu';
import type { DeviceModel, LoadedModel } from './modelProvider';
import type { RunContext } from './run';

export const meanFinite = (x: ArrayLike<number>) => {
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) continue;
    s += x[i] as number;
    c++;
  }
  return c ? s / c : NaN;
};

function methodOf(exp: Experiment, pane: number): MethodSpec {
  const m = exp.methods[pane];
  if (!m || m.id !== 'act') throw new LabError('bad-input', `head search: pane ${pane} is not an ACT pane`);
  return m;
}

/** The texts a search measures: calibration passages (scored) and the shown text (reported beside). */
export interface SearchTexts {
  readonly on: SearchChunk['on'];
  readonly calibration: readonly Int32Array[];
  /** The shown text, scored with the kept set at the end; null when it is the calibration text. */
  readonly shown: Int32Array | null;
}

/** One engine's forward passes: mean loss of `ids` plain, with `method` on one head alone, or on its heads. */
export interface Passes {
  plain(ids: Int32Array): Promise<number>;
  alone(ids: Int32Array, method: MethodSpec, unit: { layer: number; head: number }): Promise<number>;
  whole(ids: Int32Array, method: MethodSpec): Promise<number>;
}

const meanOf = async (texts: readonly Int32Array[], f: (ids: Int32Array) => Promise<number>) => {
  let s = 0;
  for (const ids of texts) s += await f(ids);
  return s / texts.length;
};

export async function searchHeads(passes: Passes, exp: Experiment, L: number, H: number, texts: SearchTexts, pane: number, ctx: RunContext, units?: readonly number[]): Promise<void> {
  const method = methodOf(exp, pane);
  if (texts.calibration.length === 0) throw new LabError('bad-input', 'head search: no calibration text');
  const base = await meanOf(texts.calibration, (ids) => passes.plain(ids));
  const delta = new Float32Array(L * H).fill(NaN);
  const chunk = (done: number, result: SearchChunk['result'] = null): SearchChunk => ({
    kind: 'search', runId: ctx.runId, pane, layers: L, heads: H, base, delta: delta.slice(), done,
    on: texts.on, passages: texts.calibration.length, result,
  });
  const all = units ?? Array.from({ length: L * H }, (_, i) => i);
  let done = 0;
  for (const u of all) {
    if (!(u >= 0 && u < L * H)) throw new LabError('bad-input', `head search: head ${u} is outside ${L} × ${H}`);
    await new Promise((r) => setTimeout(r, 0)); // let an abort in
    if (ctx.signal.aborted) throw new LabError('aborted', 'search superseded');
    const unit = { layer: Math.floor(u / H), head: u % H };
    delta[u] = (await meanOf(texts.calibration, (ids) => passes.alone(ids, method, unit))) - base;
    done++;
    await ctx.emit(chunk(done));
  }
  if (units) return; // a partial search keeps no set
  // The kept set, applied at once (ACT on those heads, every other head plain), on both texts.
  const kept = selectedHeads(delta);
  const set = formatHeadSet(kept.map((u) => ({ layer: Math.floor(u / H), head: u % H })));
  const withSet: MethodSpec = { ...method, params: { ...method.params, heads: 'auto', set } };
  const scored = async (ids: readonly Int32Array[], plain: number) => (kept.length ? meanOf(ids, (t) => passes.whole(t, withSet)) : plain);
  const shownBase = texts.shown ? await passes.plain(texts.shown) : NaN;
  await ctx.emit(chunk(done, {
    set,
    kept: kept.length,
    calibration: { base, withSet: await scored(texts.calibration, base) },
    shown: texts.shown ? { base: shownBase, withSet: await scored([texts.shown], shownBase) } : null,
  }));
}

export async function headSearchGpu(k: Kernels, dm: DeviceModel, exp: Experiment, texts: SearchTexts, pane: number, ctx: RunContext, units?: readonly number[]): Promise<void> {
  const { model } = dm.loaded;
  const { nLayer: L, nHead: H } = model.config;
  const run = async (ids: Int32Array, method?: MethodSpec, only?: { layer: number; head: number }) => (await forward(dm.kernels, dm.gpu, ids, {
    captureQKV: false,
    ...(method ? { attend: methodHook(k, model, exp, method, ids.length, only) } : {}),
    ...(only ? { attendLayer: (l: number) => l === only.layer } : {}),
  })).meanLoss;
  await searchHeads({ plain: (ids) => run(ids), alone: (ids, m, u) => run(ids, m, u), whole: (ids, m) => run(ids, m) }, exp, L, H, texts, pane, ctx, units);
}

export async function headSearchCpu(lm: LoadedModel, exp: Experiment, texts: SearchTexts, pane: number, ctx: RunContext, units?: readonly number[]): Promise<void> {
  const { model } = lm;
  const { nLayer: L, nHead: H } = model.config;
  // The float64 pass yields between layers, so the worker still answers its heartbeat.
  const loss = async (ids: Int32Array, attend?: AttendHookRef) => meanFinite((await forwardRefAsync(model, ids, attend ? { attend } : {}, yieldNow)).loss);
  await searchHeads({
    plain: (ids) => loss(ids),
    alone: (ids, m, only) => {
      const hook = methodHookRef(model, exp, m, ids.length, only);
      return loss(ids, (l, qkv, x) => (l === only.layer ? hook(l, qkv, x) : null));
    },
    whole: (ids, m) => loss(ids, methodHookRef(model, exp, m, ids.length)),
  }, exp, L, H, texts, pane, ctx, units);
}
