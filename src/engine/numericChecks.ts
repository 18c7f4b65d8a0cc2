/**
 * Checks that a run's numbers are numbers before anyone sees them. Large weights or inputs
 * overflow float32 (on the GPU, and on the CPU twins, which clamp as a float32 kernel would:
 * src/reference/f32Range.ts); the NaN and ∞ that follow pass through later kernels as plausible
 * values (a loss of 0, entropy 0, a Jensen–Shannon divergence above its ln 2 ceiling). A run
 * whose numbers fail a check stops with a 'numeric' error saying what went wrong instead.
 */
import type { Chunk, Comparison, LossChunk, ModelChunk, StatsChunk } from '../schema/chunk';
import { LabError } from '../schema/errors';
import type { Experiment } from '../schema/experiment';

/** Rounding slack on bounds (float32 statistics). */
const SLACK = 1e-3;

const OVERFLOW_HINT = 'an overflow of float32 (weights or inputs too large, e.g. a diverged checkpoint); the numbers are not shown because they would mislead';

/** The first index of xs that is not finite, or -1. `upTo` leaves out a tail (the last token's undefined loss). */
function firstNonFinite(xs: ArrayLike<number>, upTo = xs.length): number {
  for (let i = 0; i < upTo; i++) if (!Number.isFinite(xs[i] as number)) return i;
  return -1;
}

function fail(what: string): never {
  throw new LabError('numeric', `${what}: ${OVERFLOW_HINT}.`);
}

function checkComparison(c: Comparison, where: string, bounded: boolean): void {
  // NaN only: the float64 twin gives +∞ where a subnormal weight meets an exact 0 ((x + 0)/2 underflows).
  const i = c.js.findIndex(Number.isNaN);
  if (i >= 0) fail(`${where}: the Jensen–Shannon divergence from the first pane is NaN at row ${i}`);
  // JS ≤ ln 2 for (sub-)probability rows; a sigmoid pane's rows may hold more mass than 1.
  for (let r = 0; bounded && r < c.js.length; r++) {
    const js = c.js[r] as number;
    if (Number.isFinite(js) && js > Math.LN2 + SLACK) fail(`${where}: the Jensen–Shannon divergence is ${js.toFixed(3)} at row ${r}, above its ln 2 = 0.693 ceiling`);
  }
}

/** Per-head statistics: entropy, received attention, row maxima and divergences are finite and within their bounds. */
function firstFinite(x: ArrayLike<number>): number {
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) return i;
  return -1;
}

export function checkStats(exp: Experiment, c: StatsChunk): void {
  const where = `Pane ${c.pane + 1} (${exp.methods[c.pane]?.id ?? '?'}), layer ${c.layer}, head ${c.head}`;
  const e = firstNonFinite(c.rowEntropy);
  if (e >= 0) fail(`${where}: the attention entropy of row ${e} is ${c.rowEntropy[e]}`);
  if (!Number.isFinite(c.meanEntropy)) fail(`${where}: the mean attention entropy is ${c.meanEntropy}`);
  const a = firstNonFinite(c.alpha);
  if (a >= 0) fail(`${where}: the attention received by token ${a} is ${c.alpha[a]}`);
  // The fused long-context path does not compute row maxima: its rowMax is all NaN, meaning absent.
  const m = c.rowMax.length > 0 && Number.isNaN(c.rowMax[0]) && firstFinite(c.rowMax) < 0 ? -1 : firstNonFinite(c.rowMax);
  if (m >= 0) fail(`${where}: the largest attention weight of row ${m} is ${c.rowMax[m]}`);
  const bounded = (id: string | undefined) => id !== 'sigmoid';
  if (c.vsBase) checkComparison(c.vsBase, where, bounded(exp.methods[c.pane]?.id) && bounded(exp.methods[0]?.id));
}

/** A model's outputs: per-token loss finite and ≥ 0 (but the last token's, which has no next token), top-5 predictions real tokens with probabilities in [0, 1]. */
export function checkForward(c: ModelChunk | LossChunk, where: string, vocab?: number): void {
  const n = c.loss.length;
  if (n <= 1) {
    throw new LabError('numeric', `${where}: the text is ${n} token${n === 1 ? '' : 's'} long here (the model's context or the text allows no more), and a loss needs a next token to predict: there is no loss to show. Use a longer text, or a model with a longer context.`);
  }
  const i = firstNonFinite(c.loss, n - 1);
  if (i >= 0) fail(`${where}: the loss at token ${i} is ${c.loss[i]}`);
  for (let t = 0; t < n - 1; t++) if ((c.loss[t] as number) < -SLACK) fail(`${where}: the loss at token ${t} is negative (${c.loss[t]})`);
  if (!Number.isFinite(c.meanLoss)) fail(`${where}: the mean loss is ${c.meanLoss}`);
  if (c.kind !== 'model') return;
  for (let k = 0; k < c.topIds.length; k++) {
    const id = c.topIds[k] as number;
    const p = c.topProbs[k] as number;
    if (id < 0 || (vocab !== undefined && id >= vocab)) fail(`${where}: the predicted token at token ${Math.floor(k / 5)} is ${id}, not a token of the vocabulary`);
    if (!(p >= -SLACK && p <= 1 + SLACK)) fail(`${where}: a predicted probability at token ${Math.floor(k / 5)} is ${p}`);
  }
}

/** Checks the chunks that carry statistics or model outputs; throws a 'numeric' LabError on the first bad number. */
export function checkChunk(exp: Experiment, c: Chunk): void {
  if (c.kind === 'stats') checkStats(exp, c);
  else if (c.kind === 'model') checkForward(c, `The model ${c.model}`);
  else if (c.kind === 'loss') checkForward(c, `The model's loss with pane ${c.pane + 1} (${exp.methods[c.pane]?.id ?? '?'})`);
}
