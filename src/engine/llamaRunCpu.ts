/**
 * A Llama-family model source on the CPU: llamaRun.ts's float64 twin — llamaForwardRef for the
 * forward pass, cpuUnits on every query head, llamaForwardRef with an attend hook for each pane's
 * loss, and ACT's head search per query head. O(L · N² · D) per pass, so it is for short texts.
 */
import type { Experiment, ModelSource } from '../schema/experiment';
import type { RunPlan } from '../schema/plan';
import type { MethodSpec } from '../schema/methods';
import { LabError } from '../schema/errors';
import { llamaForwardRef, type LlamaAttendHookRef } from '../models/llamaRef';
import type { LlamaModel } from '../models/llamaWeights';
import { cpuPaneMap } from './cpuStats';
import { CPU_MAX_SEQ, cpuUnits } from './cpuRun';
import { meanFinite } from './headSearch';
import { llamaHead } from './llamaHeads';
import type { LoadedModel } from './modelProvider';
import { changesModel, checkView, modelChunk, sourceTokens } from './modelRun';
import type { RunContext } from './run';

export async function runLlamaCpu(lm: LoadedModel, exp: Experiment, plan: RunPlan, ctx: RunContext): Promise<{ n: number; d: number }> {
  const model = lm.llama;
  if (!model) throw new LabError('bad-input', `${lm.id} is not a Llama-family model`);
  checkView(exp, lm.model);
  const { ids, truncated } = sourceTokens(lm, exp.source as ModelSource);
  const n = ids.length;
  if (n > CPU_MAX_SEQ) {
    throw new LabError('bad-input', `Without WebGPU the lab computes on the CPU, limited to ${CPU_MAX_SEQ} tokens (this text has ${n}). Shorten the text, or open the lab in a WebGPU browser.`);
  }
  const { nLayer, nHead, headDim: d } = model.config;
  if (plan.search !== undefined) {
    await llamaHeadSearchCpu(model, exp, ids, plan.search, ctx, plan.searchUnits);
    return { n, d };
  }
  const ref = llamaForwardRef(model, ids, { layers: true });
  const loss = Float32Array.from(ref.loss);
  if (plan.stats) {
    await ctx.emit(modelChunk(ctx.runId, lm, ids.slice(), truncated, loss.slice(), meanFinite(ref.loss), ref.top.ids, Float32Array.from(ref.top.probs)));
  }
  const layers = ref.layers ?? [];
  await cpuUnits(exp, plan, ctx, { n, layers: nLayer, heads: nHead }, (layer, head, selected) =>
    llamaHead(model, layer, head, n, layers[layer]!, selected));
  if (plan.stats) {
    for (const [pane, method] of exp.methods.entries()) {
      if (ctx.signal.aborted) throw new LabError('aborted', 'run superseded');
      const l = changesModel(method) ? Float32Array.from(llamaForwardRef(model, ids, { attend: llamaMethodHookRef(model, exp, method, n) }).loss) : loss.slice();
      await ctx.emit({ kind: 'loss', runId: ctx.runId, pane, loss: l, meanLoss: meanFinite(l) });
    }
  }
  return { n, d };
}

/** llamaMethodHook's float64 twin. */
export function llamaMethodHookRef(model: LlamaModel, exp: Experiment, method: MethodSpec, n: number, only?: { layer: number; head: number }): LlamaAttendHookRef {
  const softmax: MethodSpec = { id: 'softmax', params: {} };
  return (layer, cap) =>
    Array.from({ length: model.config.nHead }, (_, head) => {
      const selected = layer === exp.view.layer && head === exp.view.head;
      const inp = llamaHead(model, layer, head, n, cap, only ? true : selected);
      const pm = cpuPaneMap(inp, only && (only.layer !== layer || only.head !== head) ? softmax : method);
      return { p: pm.a, v: pm.v };
    });
}

async function llamaHeadSearchCpu(model: LlamaModel, exp: Experiment, ids: Int32Array, pane: number, ctx: RunContext, units?: readonly number[]): Promise<void> {
  const method = exp.methods[pane];
  if (!method || method.id !== 'act') throw new LabError('bad-input', `head search: pane ${pane} is not an ACT pane`);
  const { nLayer: L, nHead: H } = model.config;
  const n = ids.length;
  const base = meanFinite(llamaForwardRef(model, ids).loss);
  const delta = new Float32Array(L * H).fill(NaN);
  let done = 0;
  for (const u of units ?? Array.from({ length: L * H }, (_, i) => i)) {
    if (!(u >= 0 && u < L * H)) throw new LabError('bad-input', `head search: head ${u} is outside ${L} × ${H}`);
    await new Promise((r) => setTimeout(r, 0)); // let an abort in
    if (ctx.signal.aborted) throw new LabError('aborted', 'search superseded');
    const only = { layer: Math.floor(u / H), head: u % H };
    const hook = llamaMethodHookRef(model, exp, method, n, only);
    delta[u] = meanFinite(llamaForwardRef(model, ids, { attend: (l, cap) => (l === only.layer ? hook(l, cap) : null) }).loss) - base;
    await ctx.emit({ kind: 'search', runId: ctx.runId, pane, layers: L, heads: H, base, delta: delta.slice(), done: ++done });
  }
}
