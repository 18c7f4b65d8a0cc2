import { describe, expect, it } from 'vitest';
import { liveBufferCount } from '../gpu/arena';
import { createKernels, type Kernels } from '../gpu/kernels';
import { rowDivergence } from '../reference/rowDivergence';
import type { Chunk, StatsChunk } from '../schema/chunk';
import { DEFAULT_EXPERIMENT, type SyntheticExperiment } from '../schema/experiment';
import { defaultMethod, type MethodSpec } from '../schema/methods';
import { fullPlan } from '../schema/plan';
import { nodeDevice } from '../testing/nodeGpu';
import { cpuHeadStats, cpuPaneMap } from './cpuStats';
import { syntheticHead } from './headInputs';
import { runExperiment } from './run';

let kernelsP: Promise<Kernels> | null = null;
const kernels = () => (kernelsP ??= nodeDevice().then(({ device }) => createKernels(device)));

const with_ = (id: MethodSpec['id'], params: Record<string, number | string> = {}): MethodSpec => {
  const m = defaultMethod(id);
  return { id, params: { ...m.params, ...params } };
};

/** One pane of each method, against a softmax reference, on a small synthetic input. */
const PANES: MethodSpec[] = [
  with_('act', { tau: 0.08, beta: 0.3 }),
  with_('temperature', { c: 0.5, a: 0.3, av: 0.2 }),
  with_('sigma', { gamma: 'set', gq: 2, gk: 1.5, iters: 3, start: 'ones' }),
  with_('sigmoid'),
  with_('softmax1'),
  with_('softplus', { nref: 16, p: 2 }),
];

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y) m = Math.max(m, Math.abs(x - y));
  }
  return a.length === b.length ? m : Infinity;
}

describe('every method pane on Dawn equals the float64 CPU pipeline', () => {
  for (const pane of PANES) {
    it(`${pane.id}: entropy, α, sinks and the comparison with the reference`, async () => {
      const exp: SyntheticExperiment = {
        ...DEFAULT_EXPERIMENT,
        source: { ...DEFAULT_EXPERIMENT.source, seqLen: 37, heads: 2, headDim: 8, modelDim: 16, sinkPos: 4, seed: 5, weightScale: 1.5 },
        methods: [defaultMethod('softmax'), pane],
        view: { ...DEFAULT_EXPERIMENT.view, head: 1, diff: [1, 0] },
      };
      const chunks: Chunk[] = [];
      await runExperiment(await kernels(), exp, { ...fullPlan(exp), thumbs: false, fullHead: null }, {
        runId: 1,
        signal: new AbortController().signal,
        emit: (c) => void chunks.push(c),
      });
      const stats = chunks.filter((c): c is StatsChunk => c.kind === 'stats' && c.pane === 1);
      expect(stats).toHaveLength(2);
      for (const g of stats) {
        const selected = g.head === exp.view.head;
        const c = cpuHeadStats(exp.source, g.head, exp.analysis, pane, selected);
        expect(maxDiff(g.rowEntropy, c.rowEntropy), 'entropy').toBeLessThan(2e-5);
        expect(maxDiff(g.alpha, c.alpha), 'alpha').toBeLessThan(2e-6);
        expect(g.sinks).toEqual(c.sinks);
        const base = cpuPaneMap(syntheticHead(exp.source, g.head, selected), defaultMethod('softmax')).p;
        const js = rowDivergence(base, c.p, exp.source.seqLen).js;
        expect(maxDiff(g.vsBase?.js ?? [], js), 'JS to reference').toBeLessThan(1e-5);
        expect(g.extras?.kind ?? 'none').toBe(
          pane.id === 'act' ? 'act' : pane.id === 'temperature' ? 'temperature' : pane.id === 'sigma' ? 'sigma' : 'normaliser',
        );
      }
      expect(liveBufferCount()).toBe(0);
    });
  }

  it('ACT at β = 1 and temperature at c = 0 leave the reference map unchanged', async () => {
    const exp: SyntheticExperiment = {
      ...DEFAULT_EXPERIMENT,
      source: { ...DEFAULT_EXPERIMENT.source, seqLen: 29, heads: 1, headDim: 8, modelDim: 16 },
      methods: [defaultMethod('softmax'), with_('act', { beta: 1, tau: 0.05 }), with_('temperature', { c: 0 })],
      view: { ...DEFAULT_EXPERIMENT.view, diff: null },
    };
    const chunks: Chunk[] = [];
    await runExperiment(await kernels(), exp, { ...fullPlan(exp), thumbs: false, fullHead: null }, {
      runId: 1, signal: new AbortController().signal, emit: (c) => void chunks.push(c),
    });
    const stats = chunks.filter((c): c is StatsChunk => c.kind === 'stats');
    const [ref, act, temp] = [0, 1, 2].map((p) => stats.find((s) => s.pane === p) as StatsChunk);
    if (!ref || !act || !temp) throw new Error('missing panes');
    // ACT's row-0 reset is the only change at β = 1, and row 0 is already one-hot on key 0.
    expect(maxDiff(act.rowEntropy, ref.rowEntropy)).toBeLessThan(1e-6);
    expect(act.vsBase?.meanJS).toBeLessThan(1e-7); // f32 rounding of (1 − s)/(1 − s)
    expect(maxDiff(temp.rowEntropy, ref.rowEntropy)).toBe(0);
    expect(temp.vsBase?.meanJS).toBe(0);
  });
});
