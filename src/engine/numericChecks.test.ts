import { describe, expect, it } from 'vitest';
import { readImport, type ImportedTensors } from '../models/importTensors';
import { loadModel } from '../models/model';
import { writeSafetensors } from '../models/safetensors';
import { tinyMetadata, tinyTensors, type TinySpec } from '../models/testModel';
import { tokenizerFor } from '../models/tokenizer';
import type { Chunk, StatsChunk } from '../schema/chunk';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { defaultMethod } from '../schema/methods';
import { fullPlan } from '../schema/plan';
import { randomQkv } from '../testing/importFixture';
import { runExperimentCpu } from './cpuRun';
import { missingImport, sameImport } from './importRun';
import type { ModelProvider } from './modelProvider';
import { checkChunk, checkStats } from './numericChecks';

const checking = (exp: Experiment) => (c: Chunk) => checkChunk(exp, c);
const runCpu = (exp: Experiment, extra: object) =>
  runExperimentCpu(exp, fullPlan(exp), { runId: 1, signal: new AbortController().signal, emit: checking(exp), ...extra });

function importOf(t: ImportedTensors) {
  return { imports: { get: (src: ImportedTensors['source']) => (sameImport(t.source, src) ? t : (() => { throw missingImport(src); })()) } };
}

async function modelRun(spec: TinySpec, scale: number, text = 'In the beginning') {
  const tensors = tinyTensors(spec);
  const w = tensors['h.0.attn.c_attn.weight'];
  if (w) tensors['h.0.attn.c_attn.weight'] = { ...w, data: Array.from(w.data as ArrayLike<number>, (x) => x * scale) };
  const model = loadModel(writeSafetensors(tensors, tinyMetadata(spec)), { tokenizer: 'byte' });
  const tokenizer = await tokenizerFor('byte');
  const models: ModelProvider = { load: async () => ({ id: 'file', model, tokenizer }) };
  const exp: Experiment = { ...DEFAULT_EXPERIMENT, source: { kind: 'model', model: 'file', text }, methods: [defaultMethod('softmax'), defaultMethod('act')], view: { ...DEFAULT_EXPERIMENT.view, diff: [1, 0] } } as Experiment;
  return runCpu(exp, { models });
}

const SPEC: TinySpec = { nLayer: 1, nHead: 2, nEmbd: 8, nCtx: 32, vocab: 257, seed: 2 };

describe('numbers that overflowed are reported, not shown', () => {
  it('imported Q/K of 3e38 (float32 overflow in the scores) fail with a message, on the CPU as on the GPU', async () => {
    const { q, k } = randomQkv(1, 1, 8, 4);
    const big = { data: q.data.map((x) => (x >= 0 ? 3e38 : -3e38)), shape: q.shape };
    const t = readImport([{ name: 'qk.safetensors', bytes: writeSafetensors({ q: big, k: big }) }]);
    const exp: Experiment = { ...DEFAULT_EXPERIMENT, source: t.source, methods: [defaultMethod('softmax'), defaultMethod('act')] } as Experiment;
    await expect(runCpu(exp, importOf(t))).rejects.toMatchObject({ kind: 'numeric', message: expect.stringMatching(/^Pane 1 \(softmax\), layer 0, head 0: the .* is NaN: an overflow of float32/) });
    // The same tensors at a sane scale run.
    const ok = readImport([{ name: 'qk.safetensors', bytes: writeSafetensors({ q, k }) }]);
    await expect(runCpu({ ...exp, source: ok.source }, importOf(ok))).resolves.toBeUndefined();
  });

  it('a model with weights of 3e30 fails with a message instead of "loss 0.0000"; the same model at scale 1 runs', async () => {
    await expect(modelRun(SPEC, 3e30)).rejects.toMatchObject({ kind: 'numeric', message: expect.stringMatching(/overflow of float32/) });
    await expect(modelRun(SPEC, 1)).resolves.toBeUndefined();
  });

  it('a model whose context is 1 token says why it has no loss', async () => {
    await expect(modelRun({ ...SPEC, nCtx: 1 }, 1)).rejects.toMatchObject({ kind: 'numeric', message: expect.stringMatching(/1 token long .* a loss needs a next token to predict/) });
  });

  it('a Jensen–Shannon divergence above ln 2 is refused', () => {
    const row = new Float32Array([0.5, 0.5]);
    const cmp = { kl: row, js: new Float32Array([0.1, 2.62]), overlap: row, topk: 1, outDelta: row, meanKL: 0.5, meanJS: 1.36, meanOverlap: 0.5, meanOutDelta: 0.5 };
    const c = { kind: 'stats', runId: 1, pane: 1, layer: 0, head: 3, rowMax: row, vsBase: cmp, extras: null, rowEntropy: row, meanEntropy: 0.5, meanEntropyFrom1: 0.5, meanNormEntropy: 0.5, alpha: row, sinks: { detected: [], nonInitial: [] }, sinkMass: row, meanSinkMass: 0, mask: null } as unknown as StatsChunk;
    expect(() => checkStats(DEFAULT_EXPERIMENT, c)).toThrow(/Pane 2 \(act\), layer 0, head 3: the Jensen–Shannon divergence is 2\.620 at row 1, above its ln 2/);
  });
});
