import { describe, expect, it } from 'vitest';
import { createKernels } from '../gpu/kernels';
import { readImport, type ImportedTensors } from '../models/importTensors';
import { writeSafetensors } from '../models/safetensors';
import { rowEntropy, entropyMeans } from '../reference/rowEntropy';
import type { Chunk, MapChunk, StatsChunk } from '../schema/chunk';
import { LabError } from '../schema/errors';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { defaultMethod, type MethodSpec } from '../schema/methods';
import { fullPlan } from '../schema/plan';
import { validateExperiment } from '../schema/validate';
import { mapsOf, randomQkv } from '../testing/importFixture';
import { nodeDevice } from '../testing/nodeGpu';
import { runExperimentCpu } from './cpuRun';
import { missingImport, sameImport, type ImportProvider } from './importRun';
import { runExperiment } from './run';

const with_ = (id: MethodSpec['id'], params: Record<string, number | string> = {}): MethodSpec => ({ id, params: { ...defaultMethod(id).params, ...params } });
const provider = (t: ImportedTensors): ImportProvider => ({ get: (src) => (sameImport(t.source, src) ? t : (() => { throw missingImport(src); })()) });
const stats = (cs: Chunk[]) => cs.filter((x): x is StatsChunk => x.kind === 'stats');

async function collect(run: (emit: (c: Chunk) => void) => Promise<void>): Promise<Chunk[]> {
  const out: Chunk[] = [];
  await run((c) => void out.push(c));
  return out;
}

const { q, k, v } = randomQkv(2, 2, 12, 8);
const qkv = readImport([{ name: 'qkv.safetensors', bytes: writeSafetensors({ q, k, v }) }]);
const EXP: Experiment = {
  ...DEFAULT_EXPERIMENT,
  source: qkv.source,
  methods: [with_('softmax'), with_('act', { heads: 'all' }), with_('temperature', { c: 0.3 }), with_('softmax1')],
  view: { ...DEFAULT_EXPERIMENT.view, layer: 1, head: 1, diff: [1, 0] },
};
const ctx = (t: ImportedTensors, emit: (c: Chunk) => void) => ({ runId: 1, signal: new AbortController().signal, emit, imports: provider(t) });

describe('imported tensors run every pane on every head, like any other source', () => {
  it('GPU (Dawn) equals the float64 CPU engine on an imported [2 layers, 2 heads, n 12, d 8] Q/K/V; softmax is softmax(QKᵀ/√d)', async () => {
    expect(validateExperiment(EXP).ok).toBe(true);
    const { device } = await nodeDevice();
    const kernels = await createKernels(device);
    const plan = fullPlan(EXP);
    const gpu = await collect((emit) => runExperiment(kernels, EXP, plan, ctx(qkv, emit)));
    const cpu = await collect((emit) => runExperimentCpu(EXP, plan, ctx(qkv, emit)));
    const gs = stats(gpu);
    const cs = stats(cpu);
    expect(gs.length).toBe(2 * 2 * 4);
    expect(cs.length).toBe(gs.length);
    const ref = mapsOf(q, k);
    let worst = 0;
    for (const s of gs) {
      const t = cs.find((x) => x.pane === s.pane && x.layer === s.layer && x.head === s.head) as StatsChunk;
      worst = Math.max(worst, Math.abs(s.meanEntropy - t.meanEntropy), Math.abs(s.meanSinkMass - t.meanSinkMass) || 0);
      for (let j = 0; j < 12; j++) expect(Math.abs((s.alpha[j] as number) - (t.alpha[j] as number))).toBeLessThan(1e-4);
      expect(s.sinks.detected).toEqual(t.sinks.detected);
      if (s.pane > 0) expect(Math.abs((s.vsBase?.meanOutDelta ?? NaN) - (t.vsBase?.meanOutDelta ?? NaN))).toBeLessThan(1e-4);
      if (s.pane === 0) {
        // The plain pane is the float64 causal softmax(QKᵀ/√d) of the imported head.
        const h = entropyMeans(rowEntropy(ref[s.layer * 2 + s.head] as Float64Array, 12)).all;
        expect(Math.abs(s.meanEntropy - h)).toBeLessThan(1e-4);
      }
    }
    expect(worst).toBeLessThan(1e-4);
    // The selected head's full map (layer 1, head 1): 12 ≤ 512, one tile per entry, equal to the float64 map.
    const full = gpu.find((c): c is MapChunk => c.kind === 'map' && c.purpose === 'full' && c.pane === 0) as MapChunk;
    expect(full.layer).toBe(1);
    const p = ref[3] as Float64Array;
    let dmax = 0;
    for (let i = 0; i < 144; i++) dmax = Math.max(dmax, Math.abs((full.data[i] as number) - (p[i] as number)));
    expect(dmax).toBeLessThan(1e-5);
    console.log(`import run: ${gs.length} stats chunks, max |Δ| GPU−CPU ${worst.toExponential(2)}, max |P − softmax64| ${dmax.toExponential(2)}`);
  }, 120_000);

  it('without V, output changes are NaN; maps alone give their own statistics and ACT; σReparam and logit methods are refused', async () => {
    const noV = readImport([{ name: 'qk.safetensors', bytes: writeSafetensors({ q, k }) }]);
    const exp: Experiment = { ...EXP, source: noV.source, methods: [with_('softmax'), with_('act', { heads: 'all' })] };
    const cs = stats(await collect((emit) => runExperimentCpu(exp, fullPlan(exp), ctx(noV, emit))));
    expect(cs.every((s) => s.pane === 0 || Number.isNaN(s.vsBase?.meanOutDelta))).toBe(true);
    expect(cs.every((s) => Number.isFinite(s.meanEntropy))).toBe(true);

    const attn = { data: Float32Array.from(mapsOf(q, k).flatMap((m) => Array.from(m))), shape: [2, 2, 12, 12] };
    const maps = readImport([{ name: 'attn.npy', bytes: writeSafetensors({ attn }) }]);
    const mexp: Experiment = { ...exp, source: maps.source };
    const ms = stats(await collect((emit) => runExperimentCpu(mexp, fullPlan(mexp), ctx(maps, emit))));
    for (const s of ms.filter((x) => x.pane === 0)) {
      const t = cs.find((x) => x.pane === 0 && x.layer === s.layer && x.head === s.head) as StatsChunk;
      expect(Math.abs(s.meanEntropy - t.meanEntropy)).toBeLessThan(1e-5); // the maps are the Q/K maps
    }
    expect(ms.filter((x) => x.pane === 1).every((s) => s.extras?.kind === 'act')).toBe(true);

    const refusedBy = async (e: Experiment, t: ImportedTensors) => {
      try {
        await runExperimentCpu(e, fullPlan(e), ctx(t, () => {}));
      } catch (err) {
        return err instanceof LabError ? err.message : String(err);
      }
      return 'ran';
    };
    expect(await refusedBy({ ...exp, methods: [with_('softmax'), with_('sigma')] }, noV)).toMatch(/pane 1: σReparam/);
    expect(await refusedBy({ ...mexp, methods: [with_('temperature')] }, maps)).toMatch(/pane 0: temperature acts on the logits/);
    // A link's description without the data (a cold load): a clear message.
    expect(await refusedBy({ ...exp, source: { ...noV.source, name: 'other.safetensors' } }, noV)).toMatch(/this link refers to imported tensors other\.safetensors: drop the file again/);
  }, 60_000);
});
