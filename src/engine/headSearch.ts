/**
 * ACT's head search on a model (Yu et al., "Unveiling and Harnessing Hidden Attention Sinks",
 * §4): calibrate one head at a time on the input and keep the heads where that lowers the loss.
 * One forward pass per head: only the searched head's layer goes through the method hook (the
 * others keep the model's own attention and need no readback), so a pass costs about one
 * layer's hook on top of the plain forward. O(L · H) passes.
 */
import { LabError } from '../schema/errors';
import type { Experiment } from '../schema/experiment';
import type { MethodSpec } from '../schema/methods';
import type { Kernels } from '../gpu/kernels';
import { forward } from '../models/forward';
import { forwardRefAsync } from '../models/forwardRef';
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


export async function headSearchGpu(k: Kernels, dm: DeviceModel, exp: Experiment, ids: Int32Array, pane: number, ctx: RunContext, units?: readonly number[]): Promise<void> {
  const method = methodOf(exp, pane);
  const { model } = dm.loaded;
  const { nLayer: L, nHead: H } = model.config;
  const n = ids.length;
  const base = (await forward(dm.kernels, dm.gpu, ids, { captureQKV: false })).meanLoss;
  const delta = new Float32Array(L * H).fill(NaN);
  let done = 0;
  for (const u of units ?? Array.from({ length: L * H }, (_, i) => i)) {
    if (!(u >= 0 && u < L * H)) throw new LabError('bad-input', `head search: head ${u} is outside ${L} × ${H}`);
    if (ctx.signal.aborted) throw new LabError('aborted', 'search superseded');
    const only = { layer: Math.floor(u / H), head: u % H };
    const r = await forward(dm.kernels, dm.gpu, ids, {
      captureQKV: false, attend: methodHook(k, model, exp, method, n, only), attendLayer: (l) => l === only.layer,
    });
    delta[u] = r.meanLoss - base;
    await ctx.emit({ kind: 'search', runId: ctx.runId, pane, layers: L, heads: H, base, delta: delta.slice(), done: ++done });
  }
}

export async function headSearchCpu(lm: LoadedModel, exp: Experiment, ids: Int32Array, pane: number, ctx: RunContext, units?: readonly number[]): Promise<void> {
  const method = methodOf(exp, pane);
  const { model } = lm;
  const { nLayer: L, nHead: H } = model.config;
  const n = ids.length;
  const base = meanFinite((await forwardRefAsync(model, ids, {}, yieldNow)).loss);
  const delta = new Float32Array(L * H).fill(NaN);
  let done = 0;
  for (const u of units ?? Array.from({ length: L * H }, (_, i) => i)) {
    if (!(u >= 0 && u < L * H)) throw new LabError('bad-input', `head search: head ${u} is outside ${L} × ${H}`);
    await new Promise((r) => setTimeout(r, 0)); // let an abort in
    if (ctx.signal.aborted) throw new LabError('aborted', 'search superseded');
    const only = { layer: Math.floor(u / H), head: u % H };
    const hook = methodHookRef(model, exp, method, n, only);
    delta[u] = meanFinite((await forwardRefAsync(model, ids, { attend: (l, qkv, x) => (l === only.layer ? hook(l, qkv, x) : null) }, yieldNow)).loss) - base;
    await ctx.emit({ kind: 'search', runId: ctx.runId, pane, layers: L, heads: H, base, delta: delta.slice(), done: ++done });
  }
}
