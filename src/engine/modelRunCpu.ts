/**
 * A model source on the CPU (no WebGPU, or the CLI's --device cpu): the float64 twin of
 * modelRun.ts — forwardRef for the forward pass, cpuUnits for every head, forwardRef with an
 * attend hook for each pane's loss. O(L · N² · D) per pass, so it is for short texts.
 */
import { LabError } from '../schema/errors';
import type { Experiment, ModelSource } from '../schema/experiment';
import type { RunPlan } from '../schema/plan';
import type { MethodSpec } from '../schema/methods';
import { forwardRefAsync, type AttendHookRef } from '../models/forwardRef';
import { yieldNow } from './pause';
import type { Model } from '../models/model';
import { cpuPaneMap } from './cpuStats';
import { aloneOnHead } from './methodPlan';
import { runLlamaCpu } from './llamaRunCpu';
import { CPU_MAX_SEQ, cpuUnits } from './cpuRun';
import { headSearchCpu, meanFinite } from './headSearch';
import { modelHead } from './modelHeads';
import { changesModel, checkView, loadSourceModel, modelChunk, searchTexts, sourceTokens } from './modelRun';
import type { RunContext } from './run';


export async function runModelCpu(exp: Experiment, plan: RunPlan, ctx: RunContext): Promise<{ n: number; d: number }> {
  const src = exp.source as ModelSource;
  const lm = await loadSourceModel(exp, ctx);
  if (lm.llama) return runLlamaCpu(lm, exp, plan, ctx);
  checkView(exp, lm.model);
  const { ids, truncated } = sourceTokens(lm, src);
  const n = ids.length;
  if (n > CPU_MAX_SEQ) {
    throw new LabError('bad-input', `Without WebGPU the lab computes on the CPU, limited to ${CPU_MAX_SEQ} tokens (this text has ${n}). Shorten the text, or open the lab in a WebGPU browser.`);
  }
  const { nLayer, nHead } = lm.model.config;
  if (plan.search !== undefined) {
    await headSearchCpu(lm, exp, searchTexts(lm, ids, plan), plan.search, ctx, plan.searchUnits);
    return { n, d: lm.model.config.nEmbd / nHead };
  }
  const ref = await forwardRefAsync(lm.model, ids, { layers: true }, yieldNow);
  const loss = Float32Array.from(ref.loss);
  if (plan.stats) {
    await ctx.emit(modelChunk(ctx.runId, lm, ids.slice(), truncated, loss.slice(), meanFinite(ref.loss), ref.top.ids, Float32Array.from(ref.top.probs)));
  }
  const layers = ref.layers ?? [];
  await cpuUnits(exp, plan, ctx, { n, layers: nLayer, heads: nHead }, (layer, head, selected) =>
    modelHead(lm.model, layer, head, n, layers[layer] as { qkv: Float64Array; x: Float64Array }, selected));
  if (plan.stats) {
    for (const [pane, method] of exp.methods.entries()) {
      if (ctx.signal.aborted) throw new LabError('aborted', 'run superseded');
      const l = changesModel(method) ? Float32Array.from((await forwardRefAsync(lm.model, ids, { attend: methodHookRef(lm.model, exp, method, n) }, yieldNow)).loss) : loss.slice();
      await ctx.emit({ kind: 'loss', runId: ctx.runId, pane, loss: l, meanLoss: meanFinite(l) });
    }
  }
  return { n, d: lm.model.config.nEmbd / nHead };
}

/** methodHook's float64 twin. */
export function methodHookRef(model: Model, exp: Experiment, method: MethodSpec, n: number, only?: { layer: number; head: number }): AttendHookRef {
  const softmax: MethodSpec = { id: 'softmax', params: {} };
  return (layer, qkv, x) =>
    Array.from({ length: model.config.nHead }, (_, head) => {
      const selected = layer === exp.view.layer && head === exp.view.head;
      const inp = modelHead(model, layer, head, n, { qkv, x }, only ? true : selected, false);
      const pm = cpuPaneMap(inp, only ? (only.layer === layer && only.head === head ? aloneOnHead(method) : softmax) : method);
      return { p: pm.a, v: pm.v };
    });
}
