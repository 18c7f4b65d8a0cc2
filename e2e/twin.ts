/** The CPU side of e2e checks: what the page should show, from the float64 twins. */
import { cpuHeadStats, type CpuHeadStats } from '../src/engine/cpuStats';
import { asSynthetic, type Experiment, type SyntheticExperiment } from '../src/schema/experiment';
import { cpuPaneMap, cpuStatsOf } from '../src/engine/cpuStats';
import { modelHead } from '../src/engine/modelHeads';
import { forwardRef } from '../src/models/forwardRef';
import { llamaForwardRef } from '../src/models/llamaRef';
import type { LlamaModel } from '../src/models/llamaWeights';
import type { Model } from '../src/models/model';
import { llamaHead } from '../src/engine/llamaHeads';
import type { HeadInputs } from '../src/engine/headInputs';
import { nodeModels } from '../src/testing/nodeModels';
import { decodeExperiment } from '../src/url/codec';

export function experimentOf(hash: string): SyntheticExperiment {
  const d = decodeExperiment(hash);
  if (!d.ok) throw new Error(`bad fixture link ${hash}: ${d.issues.map((i) => i.message).join('; ')}`);
  return asSynthetic(d.experiment);
}

/** Every statistic of one head, in float64 on the CPU. */
export function twinHeadStats(exp: SyntheticExperiment, head: number): CpuHeadStats {
  return cpuHeadStats(exp.source, head, exp.analysis);
}

/** Mean row entropy (nats) of every head. */
export function twinHeadEntropies(exp: SyntheticExperiment): number[] {
  return Array.from({ length: exp.source.heads }, (_, h) => twinHeadStats(exp, h).meanEntropy);
}

/** Any link's experiment (synthetic or model), validated. */
export function anyExperimentOf(hash: string): Experiment {
  const d = decodeExperiment(hash);
  if (!d.ok) throw new Error(`bad fixture link ${hash}: ${d.issues.map((i) => i.message).join('; ')}`);
  return d.experiment;
}

/** The selected head's mean entropy in every pane, from the float64 engine (model sources read public/models). */
export async function twinPaneEntropies(exp: Experiment): Promise<number[]> {
  if (exp.source.kind === 'synthetic') {
    const syn = asSynthetic(exp);
    return exp.methods.map((m) => cpuHeadStats(syn.source, exp.view.head, exp.analysis, m, true).meanEntropy);
  }
  // The float64 engine's path without its GPU imports (Playwright's loader cannot read WGSL).
  if (exp.source.kind !== 'model') throw new Error('not a model source');
  const lm = await nodeModels().load(exp.source.model);
  const all = lm.tokenizer.encode(exp.source.text, lm.model.config.bos);
  const ids = all.slice(0, lm.model.config.nCtx);
  const n = ids.length;
  const inp = lm.llama ? llamaInputs(lm.llama, exp.view.layer, exp.view.head, ids) : gpt2Inputs(lm.model, exp.view.layer, exp.view.head, ids);
  return exp.methods.map((m) => {
    const pm = cpuPaneMap(inp, m);
    return cpuStatsOf(pm.p, pm.v, n, inp.d, exp.analysis).meanEntropy;
  });
}

/** The selected head of a GPT-2-style model, from the float64 forward pass. */
function gpt2Inputs(model: Model, layer: number, head: number, ids: Int32Array): HeadInputs {
  const data = forwardRef(model, ids, { layers: true }).layers?.[layer];
  if (!data) throw new Error(`no layer ${layer}`);
  return modelHead(model, layer, head, ids.length, data, true);
}

/** The selected query head of a Llama-family model (post-rotary Q/K), from the float64 Llama pass. */
function llamaInputs(model: LlamaModel, layer: number, head: number, ids: Int32Array): HeadInputs {
  const data = llamaForwardRef(model, ids, { layers: true }).layers?.[layer];
  if (!data) throw new Error(`no layer ${layer}`);
  return llamaHead(model, layer, head, ids.length, data, true);
}
