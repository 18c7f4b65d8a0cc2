import { GpuArena, readF32 } from '../gpu/arena';
import type { Kernels } from '../gpu/kernels';
import { bilinearNorm, causalRowBounds } from '../methods/entropyBound';
import { entropyMeans } from '../reference/rowEntropy';
import type { SweepChunk } from '../schema/chunk';
import type { Experiment } from '../schema/experiment';
import { paneMap } from './paneMap';
import { generateInputs, generateWeights, project } from './synthetic';

/** Weight scales of the entropy-collapse sweep (logits grow with the square). */
export const SWEEP_SCALES = [0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8] as const;

/** Panes whose maps the sweep recomputes: the baseline and σReparam. */
const SWEPT = new Set(['softmax', 'sigma']);

/**
 * Entropy collapse as a curve: for the selected head, the mean row entropy of every softmax and
 * σReparam pane as W_Q and W_K are scaled up. Baseline entropy falls toward 0; σReparam's
 * normalised weights do not depend on the scale at all, so its curve is flat.
 */
export async function entropySweep(k: Kernels, exp: Experiment, runId: number): Promise<SweepChunk | null> {
  if (exp.source.kind !== 'synthetic' || !exp.methods.some((m) => m.id === 'sigma')) return null;
  const source = exp.source;
  const head = exp.view.head;
  const entropy: (number[] | null)[] = exp.methods.map((m) => (SWEPT.has(m.id) ? [] : null));
  const sigmaQK: number[] = [];
  const bound: number[] = [];
  for (const scale of SWEEP_SCALES) {
    const src = { ...source, weightScale: scale };
    const { seqLen: n, modelDim: dm, headDim: d } = src;
    const x = generateInputs(src);
    const weights = generateWeights(src, head);
    const sigma = bilinearNorm(weights.wq, weights.wk, dm, d);
    sigmaQK.push(sigma);
    bound.push(entropyMeans(causalRowBounds(x, n, dm, sigma, 1 / Math.sqrt(d)).bound).all);
    const q = project(x, weights.wq, n, dm, d);
    const kk = project(x, weights.wk, n, dm, d);
    const v = project(x, weights.wv, n, dm, d);
    for (const [pane, m] of exp.methods.entries()) {
      const out = entropy[pane];
      if (!out) continue;
      const arena = new GpuArena(k.device);
      try {
        const pm = await paneMap(k, arena, { n, d, layer: 0, head, selected: true, q, k: kk, v, proj: { dm, x, weights, bq: null, bk: null, rowScale: null, seed: src.seed, bounds: true } }, m);
        const enc = k.device.createCommandEncoder({ label: 'sweep.entropy' });
        const h = k.rowEntropy.encode(k.device, arena, enc, pm.p, n);
        k.device.queue.submit([enc.finish()]);
        out.push(entropyMeans(await readF32(k.device, h, n)).all);
      } finally {
        arena.destroy();
      }
    }
  }
  return { kind: 'sweep', runId, head, scales: [...SWEEP_SCALES], sigmaQK, bound, entropy };
}
