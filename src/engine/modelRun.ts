/**
 * A model source on the GPU: tokenize the text, run the model's forward pass with Q|K|V and each
 * layer's input captured, send the tokens, per-token loss and predictions, then run every pane on
 * every head exactly as for synthetic heads (runUnits), and last, per pane, the model's loss with
 * that pane's method applied inside the forward pass (every layer, every head).
 *
 * Memory: the captured Q|K|V and X of all layers (L · N · 4D floats: 48 MiB for GPT-2 small at
 * N = 1024) stay on the GPU for the run; one layer's worth is on the host at a time.
 */
import { LabError } from '../schema/errors';
import type { Experiment, ModelSource } from '../schema/experiment';
import type { RunPlan } from '../schema/plan';
import type { Kernels } from '../gpu/kernels';
import { forward, type AttendHook } from '../models/forward';
import type { Model } from '../models/model';
import { modelHead, type ModelLayerData } from './modelHeads';
import { deviceModel, type LoadedModel } from './modelProvider';
import { paneMap } from './paneMap';
import { aloneOnHead } from './methodPlan';
import { headSearchGpu, type SearchTexts } from './headSearch';
import { CALIBRATION_PASSAGES } from '../models/calibration';
import { runLlama } from './llamaRun';
import { runUnits, type RunContext } from './run';
import type { MethodSpec } from '../schema/methods';
import type { ModelChunk } from '../schema/chunk';

/** Tokens of a model source: ids cut to the context, and whether they were cut. */
export function sourceTokens(lm: LoadedModel, src: ModelSource): { ids: Int32Array; truncated: boolean } {
  const { nCtx, bos } = lm.model.config;
  const all = lm.tokenizer.encode(src.text, bos);
  if (all.length === 0) throw new LabError('bad-input', 'the text gives no tokens: type something');
  return { ids: all.length > nCtx ? all.slice(0, nCtx) : all, truncated: all.length > nCtx };
}

/** The texts of a head search: the calibration passages and the shown text, or the shown text alone. */
export function searchTexts(lm: LoadedModel, ids: Int32Array, plan: RunPlan): SearchTexts {
  if (plan.searchOn === 'text') return { on: 'text', calibration: [ids], shown: null };
  const { nCtx, bos } = lm.model.config;
  const calibration = CALIBRATION_PASSAGES.map((t) => lm.tokenizer.encode(t, bos).slice(0, nCtx)).filter((t) => t.length > 1);
  return { on: 'calibration', calibration, shown: ids };
}

/** Loads the source's model through ctx.models, reporting download progress as chunks. */
export async function loadSourceModel(exp: Experiment, ctx: RunContext): Promise<LoadedModel> {
  const src = exp.source;
  if (src.kind !== 'model') throw new LabError('bad-input', 'not a model source');
  if (!ctx.models) throw new LabError('bad-input', 'this engine has no model provider: model sources cannot run here');
  return ctx.models.load(src.model, (p) => void ctx.emit({ kind: 'download', runId: ctx.runId, model: src.model, ...p }));
}

export function modelChunk(runId: number, lm: LoadedModel, ids: Int32Array, truncated: boolean, loss: Float32Array, meanLoss: number, topIds: Int32Array, topProbs: Float32Array): ModelChunk {
  const { nLayer, nHead, nEmbd } = lm.model.config;
  const piece = (id: number) => lm.tokenizer.piece(id);
  return {
    kind: 'model', runId, model: lm.id, layers: nLayer, heads: nHead, headDim: nEmbd / nHead, ...(lm.llama ? { kvHeads: lm.llama.config.nKvHead } : {}),
    ids, pieces: Array.from(ids, piece), truncated, loss, meanLoss, topIds, topProbs, topPieces: Array.from(topIds, piece),
  };
}

/** Checks the view's layer and head against the model actually loaded (a dropped file may differ from the catalog). */
export function checkView(exp: Experiment, model: Model): void {
  const { nLayer, nHead } = model.config;
  if (exp.view.layer >= nLayer || exp.view.head >= nHead) {
    throw new LabError('bad-input', `layer ${exp.view.layer}, head ${exp.view.head} is outside this model (${nLayer} layers × ${nHead} heads)`);
  }
}

/** Whether a pane's model loss differs from the plain model's (softmax panes reproduce it exactly). */
export const changesModel = (m: MethodSpec) => m.id !== 'softmax';

export async function runModel(k: Kernels, exp: Experiment, plan: RunPlan, ctx: RunContext): Promise<{ n: number; d: number }> {
  const src = exp.source as ModelSource;
  const lm = await loadSourceModel(exp, ctx);
  if (lm.llama) return runLlama(k, lm, exp, plan, ctx);
  checkView(exp, lm.model);
  const dm = await deviceModel(k, lm);
  const { ids, truncated } = sourceTokens(lm, src);
  const n = ids.length;
  const { nLayer, nHead, nEmbd } = lm.model.config;
  if (plan.search !== undefined) {
    await headSearchGpu(k, dm, exp, searchTexts(lm, ids, plan), plan.search, ctx, plan.searchUnits);
    return { n, d: nEmbd / nHead };
  }
  const fwd = await forward(dm.kernels, dm.gpu, ids, { captureQKV: true, captureX: true });
  // A copy: the model chunk's arrays are transferred (detached) when it is sent.
  const plain = { loss: fwd.loss.slice(), meanLoss: fwd.meanLoss };
  try {
    if (plan.stats) await ctx.emit(modelChunk(ctx.runId, lm, ids.slice(), truncated, fwd.loss, fwd.meanLoss, fwd.top.ids, fwd.top.probs));
    // Units run several at a time (runUnits): the layers' host copies are shared as promises, read once each.
    const layers = new Map<number, Promise<ModelLayerData>>();
    const layerData = (layer: number): Promise<ModelLayerData> => {
      let p = layers.get(layer);
      if (!p) {
        p = fwd.layerInputs(layer).then((r) => ({ qkv: r.qkv, x: r.x ?? new Float32Array(n * nEmbd) }));
        layers.set(layer, p);
        layers.delete(layer - 2); // units go in layer order: two layers in flight at most
      }
      return p;
    };
    await runUnits(k, exp, plan, ctx, { n, layers: nLayer, heads: nHead }, async (layer, head, selected) =>
      modelHead(lm.model, layer, head, n, await layerData(layer), selected));
  } finally {
    fwd.dispose();
  }
  if (plan.stats) {
    for (const [pane, method] of exp.methods.entries()) {
      if (ctx.signal.aborted) throw new LabError('aborted', 'run superseded');
      const r = changesModel(method)
        ? await forward(dm.kernels, dm.gpu, ids, { captureQKV: false, attend: methodHook(k, lm.model, exp, method, n) })
        : plain;
      await ctx.emit({ kind: 'loss', runId: ctx.runId, pane, loss: r.loss.slice(), meanLoss: r.meanLoss });
    }
  }
  return { n, d: nEmbd / nHead };
}

/**
 * A method inside the forward pass: every head's attention is the method's own map of that head
 * (ACT calibrates the heads actApplies names), and its values V′.
 * `only`, when given, applies the method to that one unit (layer, head) and plain softmax elsewhere.
 */
export function methodHook(k: Kernels, model: Model, exp: Experiment, method: MethodSpec, n: number, only?: { layer: number; head: number }): AttendHook {
  const { nHead } = model.config;
  const softmax: MethodSpec = { id: 'softmax', params: {} };
  // Every head of the layer at once: each waits on its own readbacks, and the waits overlap.
  return async (layer, qkv, x, arena) =>
    Promise.all(Array.from({ length: nHead }, async (_, head) => {
      const selected = layer === exp.view.layer && head === exp.view.head;
      const inp = modelHead(model, layer, head, n, { qkv, x }, only ? true : selected, false);
      const m = only ? (only.layer === layer && only.head === head ? aloneOnHead(method) : softmax) : method;
      const pm = await paneMap(k, arena, inp, m);
      return { p: pm.a, v: pm.v };
    }));
}
