/**
 * The shipped Llama model (kjv-llama: 6 layers, 8 query heads on 2 K/V heads) as a model source:
 * the GPU engine (Dawn) against the float64 engine — tokens, loss, every statistic of two query
 * heads of layer 4 (L4H7 is its sink) in every pane, and the model's loss with each method inside the forward pass —
 * and ACT's head search per query head.
 */
import { describe, expect, it } from 'vitest';
import { createKernels } from '../gpu/kernels';
import type { Chunk, LossChunk, ModelChunk, SearchChunk, StatsChunk } from '../schema/chunk';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { defaultMethod, type MethodSpec } from '../schema/methods';
import { fullPlan, searchPlan } from '../schema/plan';
import { validateExperiment } from '../schema/validate';
import { nodeDevice } from '../testing/nodeGpu';
import { nodeModels } from '../testing/nodeModels';
import { runExperimentCpu } from './cpuRun';
import { runExperiment } from './run';

const with_ = (id: MethodSpec['id'], params: Record<string, number | string> = {}): MethodSpec => ({ id, params: { ...defaultMethod(id).params, ...params } });

const EXP_A: Experiment = {
  ...DEFAULT_EXPERIMENT,
  source: { kind: 'model', model: 'kjv-llama', text: 'In the beginning God created' },
  methods: [with_('softmax'), with_('act', { heads: 'all' }), with_('temperature', { c: 0.3 }), with_('sigma', { iters: 2, start: 'ones' })],
  view: { ...DEFAULT_EXPERIMENT.view, layer: 4, head: 7, diff: [1, 0] },
};

async function collect(run: (emit: (c: Chunk) => void) => Promise<void>): Promise<Chunk[]> {
  const out: Chunk[] = [];
  await run((c) => void out.push(c));
  return out;
}

describe('kjv-llama runs every pane on every query head, GPU equal to float64', () => {
  const models = nodeModels();
  const ctx = (emit: (c: Chunk) => void) => ({ runId: 1, signal: new AbortController().signal, emit, models });

  /** The other methods, in a second run (a link holds at most four panes). */
  const NORMALISERS: Experiment = { ...EXP_A, methods: [with_('softmax'), with_('sigmoid'), with_('softmax1'), with_('softplus')] };

  for (const [name, EXP] of [['ACT, temperature, σReparam', EXP_A], ['sigmoid, softmax₁, softplus', NORMALISERS]] as const) it(`tokens, loss, statistics of L4H6–7 with ${name}, loss with each method inside`, async () => {
    const v = validateExperiment(EXP);
    expect(v.ok, JSON.stringify(v)).toBe(true);
    const { device } = await nodeDevice();
    const k = await createKernels(device);
    const plan = { ...fullPlan(EXP), heads: [4 * 8 + 6, 4 * 8 + 7], thumbs: false };
    const gpu = await collect((emit) => runExperiment(k, EXP, plan, ctx(emit)));
    const cpu = await collect((emit) => runExperimentCpu(EXP, plan, ctx(emit)));
    const model = (cs: Chunk[]) => cs.find((c): c is ModelChunk => c.kind === 'model') as ModelChunk;
    const g = model(gpu);
    const c = model(cpu);
    expect(g.pieces.slice(0, 4)).toEqual(['⟨bos⟩', 'I', 'n', '␣']);
    expect(Array.from(g.ids)).toEqual(Array.from(c.ids));
    expect([g.layers, g.heads, g.headDim]).toEqual([6, 8, 32]);
    expect(Math.abs(g.meanLoss - c.meanLoss)).toBeLessThan(1e-3);
    expect(g.meanLoss).toBeLessThan(3);
    const stats = (cs: Chunk[]) => cs.filter((x): x is StatsChunk => x.kind === 'stats');
    const gs = stats(gpu);
    const cs = stats(cpu);
    expect(gs.length).toBe(2 * 4);
    let worstH = 0;
    let worstA = 0;
    for (const s of gs) {
      const t = cs.find((x) => x.pane === s.pane && x.layer === s.layer && x.head === s.head) as StatsChunk;
      worstH = Math.max(worstH, Math.abs(s.meanEntropy - t.meanEntropy));
      for (let j = 0; j < s.alpha.length; j++) worstA = Math.max(worstA, Math.abs((s.alpha[j] as number) - (t.alpha[j] as number)));
      expect(s.sinks.detected, `pane ${s.pane} L${s.layer}H${s.head}`).toEqual(t.sinks.detected);
    }
    expect(worstH).toBeLessThan(2e-3);
    expect(worstA).toBeLessThan(1e-3);
    const gl = gpu.filter((x): x is LossChunk => x.kind === 'loss');
    const cl = cpu.filter((x): x is LossChunk => x.kind === 'loss');
    expect(gl.map((l) => l.pane)).toEqual([0, 1, 2, 3]);
    expect(gl[0]?.meanLoss).toBeCloseTo(g.meanLoss, 6);
    for (const [i, l] of gl.entries()) expect(Math.abs(l.meanLoss - (cl[i] as LossChunk).meanLoss), `pane ${i}`).toBeLessThan(2e-3);
    expect(Math.abs((gl[2] as LossChunk).meanLoss - g.meanLoss)).toBeGreaterThan(1e-3);
    console.log(`kjv-llama run (${name}): loss ${g.meanLoss.toFixed(4)}; per pane ${gl.map((l) => l.meanLoss.toFixed(4)).join(' / ')}; max |ΔH| ${worstH.toExponential(2)}, max |Δα| ${worstA.toExponential(2)}`);
  }, 400_000);

  it('ACT head search per query head: equal on GPU and CPU', async () => {
    const { device } = await nodeDevice();
    const k = await createKernels(device);
    const exp: Experiment = { ...EXP_A, source: { kind: 'model', model: 'kjv-llama', text: 'And God said' }, methods: [with_('softmax'), with_('act', { tau: 0.2, beta: 0.4 })] };
    const last = (cs: Chunk[]) => cs.filter((c): c is SearchChunk => c.kind === 'search').at(-1) as SearchChunk;
    const sample = [4 * 8 + 7, 4 * 8 + 6, 8 + 6];
    const c = last(await collect((emit) => runExperimentCpu(exp, searchPlan(1, sample, 'text'), ctx(emit))));
    expect(c.done).toBe(sample.length);
    for (const u of sample) expect(Number.isFinite(c.delta[u])).toBe(true);
    const g = last(await collect((emit) => runExperiment(k, exp, searchPlan(1, sample, 'text'), ctx(emit))));
    expect(g.done).toBe(sample.length);
    for (const u of sample) expect(Math.abs((g.delta[u] as number) - (c.delta[u] as number)), `head ${u}`).toBeLessThan(1e-3);
  }, 300_000);
});
