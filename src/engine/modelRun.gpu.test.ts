import { describe, expect, it } from 'vitest';
import { createKernels } from '../gpu/kernels';
import type { Chunk, FamilyChunk, FamilyRow, LossChunk, ModelChunk, SearchChunk, StatsChunk } from '../schema/chunk';
import { selectedHeads } from '../methods/act';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { defaultMethod, type MethodSpec } from '../schema/methods';
import { FAMILY_PLAN, fullPlan, searchPlan } from '../schema/plan';
import { validateExperiment } from '../schema/validate';
import { nodeDevice } from '../testing/nodeGpu';
import { nodeModels } from '../testing/nodeModels';
import { runExperimentCpu } from './cpuRun';
import { runExperiment } from './run';

const with_ = (id: MethodSpec['id'], params: Record<string, number | string> = {}): MethodSpec => ({ id, params: { ...defaultMethod(id).params, ...params } });

const EXP: Experiment = {
  ...DEFAULT_EXPERIMENT,
  source: { kind: 'model', model: 'kjv-baseline', text: 'In the beginning God created' },
  methods: [with_('softmax'), with_('act', { heads: 'all' }), with_('temperature', { c: 0.3 }), with_('sigma', { iters: 2, start: 'ones' })],
  view: { ...DEFAULT_EXPERIMENT.view, layer: 2, head: 5, diff: [1, 0] },
};

async function collect(run: (emit: (c: Chunk) => void) => Promise<void>): Promise<Chunk[]> {
  const out: Chunk[] = [];
  await run((c) => void out.push(c));
  return out;
}

describe('a model source runs every pane on every head of a real model', () => {
  it("GPU engine (Dawn) equals the float64 CPU engine: tokens, loss, statistics of one layer's 16 heads, loss per method", async () => {
    expect(validateExperiment(EXP).ok).toBe(true);
    const models = nodeModels();
    const { device } = await nodeDevice();
    const k = await createKernels(device);
    // Layer 2's sixteen heads (SwiftShader makes every head cost a few readbacks); the losses cover all 96.
    const plan = { ...fullPlan(EXP), heads: Array.from({ length: 16 }, (_, h) => 2 * 16 + h), thumbs: false };
    const ctx = (emit: (c: Chunk) => void) => ({ runId: 1, signal: new AbortController().signal, emit, models });
    const gpu = await collect((emit) => runExperiment(k, EXP, plan, ctx(emit)));
    const cpu = await collect((emit) => runExperimentCpu(EXP, plan, ctx(emit)));
    const model = (cs: Chunk[]) => cs.find((c): c is ModelChunk => c.kind === 'model') as ModelChunk;
    const g = model(gpu);
    const c = model(cpu);
    expect(g.pieces.slice(0, 4)).toEqual(['⟨bos⟩', 'I', 'n', '␣']);
    expect(g.ids.length).toBe(29);
    expect(g.layers * g.heads).toBe(96);
    expect(Math.abs(g.meanLoss - c.meanLoss)).toBeLessThan(1e-3);
    expect(g.meanLoss).toBeLessThan(3); // a trained model predicts Genesis well (uniform would be ln 257 = 5.55)
    const stats = (cs: Chunk[]) => cs.filter((x): x is StatsChunk => x.kind === 'stats');
    const gs = stats(gpu);
    const cs = stats(cpu);
    expect(gs.length).toBe(16 * 4);
    let worst = 0;
    for (const s of gs) {
      const t = cs.find((x) => x.pane === s.pane && x.layer === s.layer && x.head === s.head) as StatsChunk;
      worst = Math.max(worst, Math.abs(s.meanEntropy - t.meanEntropy));
      expect(s.sinks.detected).toEqual(t.sinks.detected);
    }
    expect(worst).toBeLessThan(2e-3);
    // Real sinks: some baseline head puts over 0.3 of its mean attention on the BOS token.
    expect(gs.filter((s) => s.pane === 0 && (s.alpha[0] as number) > 0.3).length).toBeGreaterThan(0);
    const losses = (cs: Chunk[]) => cs.filter((x): x is LossChunk => x.kind === 'loss');
    const gl = losses(gpu);
    const cl = losses(cpu);
    expect(gl.map((l) => l.pane)).toEqual([0, 1, 2, 3]);
    expect(gl[0]?.meanLoss).toBeCloseTo(g.meanLoss, 6);
    for (const [i, l] of gl.entries()) expect(Math.abs(l.meanLoss - (cl[i] as LossChunk).meanLoss), `pane ${i}`).toBeLessThan(2e-3);
    // Methods inside the model change its loss.
    expect(Math.abs((gl[2] as LossChunk).meanLoss - g.meanLoss)).toBeGreaterThan(1e-3);
    console.log(`model run: loss softmax ${g.meanLoss.toFixed(4)}, ${gl.map((l) => l.meanLoss.toFixed(4)).join(' / ')}; max |ΔH| GPU−CPU ${worst.toExponential(2)}`);
  }, 400_000);

  it('ACT head search: per head, the loss change of calibrating it alone, equal on GPU and CPU', async () => {
    const models = nodeModels();
    const { device } = await nodeDevice();
    const k = await createKernels(device);
    const exp: Experiment = { ...EXP, source: { kind: 'model', model: 'kjv-baseline', text: 'And God said' }, methods: [with_('softmax'), with_('act', { tau: 0.2, beta: 0.4 })] };
    const ctx = (emit: (c: Chunk) => void) => ({ runId: 1, signal: new AbortController().signal, emit, models });
    const last = (cs: Chunk[]) => cs.filter((c): c is SearchChunk => c.kind === 'search').at(-1) as SearchChunk;
    // The whole search on the float64 engine; on the GPU (two seconds a pass on SwiftShader) a sample of heads.
    const c = last(await collect((emit) => runExperimentCpu(exp, searchPlan(1, undefined, 'text'), ctx(emit))));
    expect(c.done).toBe(96);
    expect(c.delta.every(Number.isFinite)).toBe(true);
    const kept = selectedHeads(c.delta, 2e-3);
    const worstHeads = Array.from(c.delta.keys()).sort((a, b) => (c.delta[b] as number) - (c.delta[a] as number)).slice(0, 2);
    const sample = [...kept.slice(0, 3), ...worstHeads];
    const t0 = performance.now();
    const g = last(await collect((emit) => runExperiment(k, exp, searchPlan(1, sample, 'text'), ctx(emit))));
    const t1 = performance.now();
    expect(g.done).toBe(sample.length);
    let worst = 0;
    for (const u of sample) worst = Math.max(worst, Math.abs((g.delta[u] as number) - (c.delta[u] as number)));
    expect(worst).toBeLessThan(1e-3);
    // Calibrating single heads moves the loss both ways (sinks carry information in some heads).
    expect(kept.length).toBeGreaterThan(0);
    expect(Math.max(...c.delta)).toBeGreaterThan(1e-3);
    console.log(`head search: ${kept.length} of 96 heads lower the loss by > 0.002 (best ${Math.min(...c.delta).toFixed(4)}, worst +${Math.max(...c.delta).toFixed(4)}); GPU sample of ${sample.length}: max |GPU−CPU| ${worst.toExponential(2)}, ${((t1 - t0) / sample.length / 1000).toFixed(2)} s a pass`);
  }, 300_000);

  it('the shipped family on one text: loss, sink heads and layer entropies equal on GPU and CPU', async () => {
    const models = nodeModels();
    const { device } = await nodeDevice();
    const k = await createKernels(device);
    const exp: Experiment = { ...EXP, source: { kind: 'model', model: 'kjv-baseline', text: 'And God said, Let there be light' } };
    const ctx = (emit: (c: Chunk) => void) => ({ runId: 1, signal: new AbortController().signal, emit, models });
    const last = (cs: Chunk[]) => cs.filter((c): c is FamilyChunk => c.kind === 'family').at(-1) as FamilyChunk;
    const g = last(await collect((emit) => runExperiment(k, exp, FAMILY_PLAN, ctx(emit))));
    const c = last(await collect((emit) => runExperimentCpu(exp, FAMILY_PLAN, ctx(emit))));
    expect(g.rows.map((r) => r.model)).toEqual(['kjv-baseline', 'kjv-sigma', 'kjv-seltemp']);
    for (const [i, r] of g.rows.entries()) {
      const t = c.rows[i] as FamilyRow;
      expect(Math.abs(r.meanLoss - t.meanLoss)).toBeLessThan(1e-3);
      expect(r.sinkHeads).toBe(t.sinkHeads);
      r.layerEntropy.forEach((e, l) => expect(Math.abs(e - (t.layerEntropy[l] as number))).toBeLessThan(1e-3));
    }
    const [base, sigma] = g.rows as [FamilyRow, FamilyRow];
    expect(base.sinkHeads).toBeGreaterThan(0);
    console.log(g.rows.map((r) => `${r.model}: loss ${r.meanLoss.toFixed(3)}, sink heads ${r.sinkHeads}/96, layer H ${r.layerEntropy.map((e) => e.toFixed(2)).join(' ')}`).join('\n'));
    // σReparam keeps mid-layer entropy higher than the baseline (training/README.md).
    expect(sigma.layerEntropy.slice(1, 5).reduce((a, b) => a + b, 0)).toBeGreaterThan(base.layerEntropy.slice(1, 5).reduce((a, b) => a + b, 0));
  }, 300_000);
});
