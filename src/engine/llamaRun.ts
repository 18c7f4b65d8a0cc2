/**
 * A Llama-family model source on the GPU: modelRun.ts's steps over llamaForward.ts. Every query
 * head is a head of the overview (its Q and K post-rotary, its group's K and V), every pane runs on
 * it through the same paneMap as GPT-2's heads, each pane's loss comes from the method inside the
 * forward pass, and ACT's head search calibrates one query head at a time.
 */
import type { Experiment, ModelSource } from '../schema/experiment';
import type { RunPlan } from '../schema/plan';
import type { MethodSpec } from '../schema/methods';
import { LabError } from '../schema/errors';
import type { Kernels } from '../gpu/kernels';
import { createLlamaRunKernels, llamaForward, uploadLlama, type GpuLlama, type LlamaAttendHook, type LlamaRunKernels } from '../models/llamaForward';
import type { LlamaModel } from '../models/llamaWeights';
import { llamaHead, splitQkv, type LlamaLayerData } from './llamaHeads';
import type { LoadedModel } from './modelProvider';
import { changesModel, checkView, modelChunk, searchTexts, sourceTokens } from './modelRun';
import { searchHeads, type SearchTexts } from './headSearch';
import { paneMap } from './paneMap';
import { aloneOnHead } from './methodPlan';
import { runUnits, type RunContext } from './run';

const onDevice = new WeakMap<GPUDevice, { kernels: LlamaRunKernels | null; model: LlamaModel | null; gpu: GpuLlama | null }>();

/** The model's weights on `k`'s device (one Llama model resident at a time) and the kernels. */
export async function deviceLlama(k: Kernels, model: LlamaModel): Promise<{ kernels: LlamaRunKernels; gpu: GpuLlama }> {
  let slot = onDevice.get(k.device);
  if (!slot) onDevice.set(k.device, (slot = { kernels: null, model: null, gpu: null }));
  slot.kernels ??= await createLlamaRunKernels(k.device, k);
  if (slot.model !== model || !slot.gpu) {
    slot.gpu?.destroy();
    slot.gpu = uploadLlama(k.device, model);
    slot.model = model;
  }
  return { kernels: slot.kernels, gpu: slot.gpu };
}

const llamaOf = (lm: LoadedModel): LlamaModel => {
  if (!lm.llama) throw new LabError('bad-input', `${lm.id} is not a Llama-family model`);
  return lm.llama;
};

export async function runLlama(k: Kernels, lm: LoadedModel, exp: Experiment, plan: RunPlan, ctx: RunContext): Promise<{ n: number; d: number }> {
  const model = llamaOf(lm);
  checkView(exp, lm.model);
  const dev = await deviceLlama(k, model);
  const { ids, truncated } = sourceTokens(lm, exp.source as ModelSource);
  const n = ids.length;
  const { nLayer, nHead, headDim: d } = model.config;
  if (plan.search !== undefined) {
    await llamaHeadSearch(k, lm, exp, searchTexts(lm, ids, plan), plan.search, ctx, plan.searchUnits);
    return { n, d };
  }
  const fwd = await llamaForward(dev.kernels, dev.gpu, ids, { capture: true });
  const plain = { loss: fwd.loss.slice(), meanLoss: fwd.meanLoss };
  try {
    if (plan.stats) await ctx.emit(modelChunk(ctx.runId, lm, ids.slice(), truncated, fwd.loss, fwd.meanLoss, fwd.top.ids, fwd.top.probs));
    let cached: { layer: number; data: LlamaLayerData } | null = null;
    await runUnits(k, exp, plan, ctx, { n, layers: nLayer, heads: nHead }, async (layer, head, selected) => {
      if (cached?.layer !== layer) {
        const r = await fwd.layerInputs(layer);
        cached = { layer, data: splitQkv(model.config, r.qkv, r.x, n) };
      }
      return llamaHead(model, layer, head, n, cached.data, selected);
    });
  } finally {
    fwd.dispose();
  }
  if (plan.stats) {
    for (const [pane, method] of exp.methods.entries()) {
      if (ctx.signal.aborted) throw new LabError('aborted', 'run superseded');
      const r = changesModel(method)
        ? await llamaForward(dev.kernels, dev.gpu, ids, { capture: false, attend: llamaMethodHook(k, model, exp, method, n) })
        : plain;
      await ctx.emit({ kind: 'loss', runId: ctx.runId, pane, loss: r.loss.slice(), meanLoss: r.meanLoss });
    }
  }
  return { n, d };
}

/** modelRun.ts's methodHook for a Llama model: each query head's pane map (P′, V′) inside the forward pass. */
export function llamaMethodHook(k: Kernels, model: LlamaModel, exp: Experiment, method: MethodSpec, n: number, only?: { layer: number; head: number }): LlamaAttendHook {
  const softmax: MethodSpec = { id: 'softmax', params: {} };
  return async (layer, qkv, x, arena) => {
    const data = splitQkv(model.config, qkv, x, n);
    const out = [];
    for (let head = 0; head < model.config.nHead; head++) {
      const selected = layer === exp.view.layer && head === exp.view.head;
      const inp = llamaHead(model, layer, head, n, data, selected);
      const pm = await paneMap(k, arena, inp, only ? (only.layer === layer && only.head === head ? aloneOnHead(method) : softmax) : method);
      out.push({ p: pm.a, v: pm.v });
    }
    return out;
  };
}

/** ACT's head search (headSearch.ts, scored as its protocol says) per query head. */
async function llamaHeadSearch(k: Kernels, lm: LoadedModel, exp: Experiment, texts: SearchTexts, pane: number, ctx: RunContext, units?: readonly number[]): Promise<void> {
  const model = llamaOf(lm);
  const dev = await deviceLlama(k, model);
  const run = async (ids: Int32Array, method?: MethodSpec, only?: { layer: number; head: number }) => (await llamaForward(dev.kernels, dev.gpu, ids, {
    capture: false,
    ...(method ? { attend: llamaMethodHook(k, model, exp, method, ids.length, only) } : {}),
    ...(only ? { attendLayer: (l: number) => l === only.layer } : {}),
  })).meanLoss;
  await searchHeads({ plain: (ids) => run(ids), alone: (ids, m, u) => run(ids, m, u), whole: (ids, m) => run(ids, m) },
    exp, model.config.nLayer, model.config.nHead, texts, pane, ctx, units);
}
