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
import { aloneOnHead } from './methodPlan';
import { CPU_MAX_SEQ, cpuUnits } from './cpuRun';
import { meanFinite, searchHeads, type SearchTexts } from './headSearch';
import { yieldNow } from './pause';
import { llamaHead } from './llamaHeads';
import type { LoadedModel } from './modelProvider';
import { changesModel, checkView, modelChunk, searchTexts, sourceTokens } from './modelRun';
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
    await llamaHeadSearchCpu(model, exp, searchTexts(lm, ids, plan), plan.search, ctx, plan.searchUnits);
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
      const inp = llamaHead(model, layer, head, n, cap, selected);
      const pm = cpuPaneMap(inp, only ? (only.layer === layer && only.head === head ? aloneOnHead(method) : softmax) : method);
      return { p: pm.a, v: pm.v };
    });
}

/** ACT's head search per query head on the float64 pass (yielding between layers is not needed: texts are short). */
async function llamaHeadSearchCpu(model: LlamaModel, exp: Experiment, texts: SearchTexts, pane: number, ctx: RunContext, units?: readonly number[]): Promise<void> {
  const loss = async (ids: Int32Array, attend?: LlamaAttendHookRef) => {
    await yieldNow();
    return meanFinite(llamaForwardRef(model, ids, attend ? { attend } : {}).loss);
  };
  await searchHeads({
    plain: (ids) => loss(ids),
    alone: (ids, m, only) => {
      const hook = llamaMethodHookRef(model, exp, m, ids.length, only);
      return loss(ids, (l, cap) => (l === only.layer ? hook(l, cap) : null));
    },
    whole: (ids, m) => loss(ids, llamaMethodHookRef(model, exp, m, ids.length)),
  }, exp, model.config.nLayer, model.config.nHead, texts, pane, ctx, units);
}
