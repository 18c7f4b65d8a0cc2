import { readF32, readF32Many, type GpuArena } from '../gpu/arena';
import type { Kernels } from '../gpu/kernels';
import { actSets } from '../methods/act';
import { keyIndicator } from '../reference/keyMass';
import type { MethodExtras } from '../schema/chunk';
import type { MethodSpec } from '../schema/methods';
export type { HeadInputs } from './headInputs';
import { actPlan, normaliserOf, sigmaPlan, shareToExempt, temperaturePlan } from './methodPlan';
import { mapsRefusal, projectQK, projectionOf, type HeadInputs } from './headInputs';
import { LabError } from '../schema/errors';

/**
 * A pane's map of one head: row-stochastic P for statistics and tiles; A, the method's own map that
 * multiplies V (O = A·V: in outputs, the model's loss, the head search), V, and extras. A is P
 * except for normalisers whose rows do not sum to 1 (sigmoid, softmax₁): see docs/methods.md
 * "Outputs".
 */
export interface PaneMap {
  readonly p: GPUBuffer;
  readonly a: GPUBuffer;
  readonly v: GPUBuffer;
  readonly extras: MethodExtras | null;
}

/** A pane whose V-side map is its displayed map P. */
const stochastic = (p: GPUBuffer, v: GPUBuffer, extras: MethodExtras | null): PaneMap => ({ p, a: p, v, extras });

/** Causal softmax of scale·m_i·QKᵀ (m omitted: plain scores). */
function softmaxMap(k: Kernels, arena: GpuArena, q: Float32Array, keys: Float32Array, n: number, d: number, m?: Float32Array): GPUBuffer {
  const enc = k.device.createCommandEncoder({ label: 'pane.softmax' });
  const rowScale = m ? arena.upload('pane.m', m) : undefined;
  const s = k.attnScores.encode(k.device, arena, enc, arena.upload('pane.Q', q), arena.upload('pane.K', keys), n, d, 1 / Math.sqrt(d), rowScale);
  const p = k.softmaxRows.encode(k.device, arena, enc, s, n);
  k.device.queue.submit([enc.finish()]);
  arena.free(s);
  return p;
}

async function actPane(k: Kernels, arena: GpuArena, inp: HeadInputs, m: MethodSpec): Promise<PaneMap> {
  const { n, d } = inp;
  const dev = k.device;
  const plan = actPlan(m);
  const p = inp.map ? arena.upload('pane.P', inp.map) : softmaxMap(k, arena, inp.q, inp.k, n, d);
  const enc = dev.createCommandEncoder({ label: 'act.alpha' });
  const aBuf = k.receivedAttention.encode(dev, arena, enc, p, n);
  dev.queue.submit([enc.finish()]);
  const alpha = await readF32(dev, aBuf, n);
  const sets = actSets(alpha, plan.threshold, plan.exemption);
  const applied = plan.allHeads || inp.selected;
  const calibrated = applied ? sets.calibrated : [];

  const enc2 = dev.createCommandEncoder({ label: 'act.calibrate' });
  const out = k.actCalibrate.encode(dev, arena, enc2, p, arena.upload('act.w', keyIndicator(n, calibrated)), n, plan.beta, true);
  // Where the freed mass went: the exempt key's column before and after, per row.
  const e = arena.upload('act.e', keyIndicator(n, sets.exempt === null ? [] : [sets.exempt]));
  const before = k.keyMass.encode(dev, arena, enc2, p, e, n);
  const after = k.keyMass.encode(dev, arena, enc2, out.p, e, n);
  dev.queue.submit([enc2.finish()]);
  const [s, massBefore, massAfter] = (await readF32Many(dev, [out.s, before, after].map((src) => ({ src, count: n })))) as [Float32Array, Float32Array, Float32Array];
  const toExempt = shareToExempt(s, massBefore, massAfter, plan.beta, sets.exempt !== null);
  arena.free(p);
  const tau = plan.threshold.mode === 'absolute' ? plan.threshold.tau : NaN;
  return stochastic(out.p, arena.upload('pane.V', inp.v), { kind: 'act', applied, alphaBefore: alpha, tau, detected: sets.detected, exempt: sets.exempt, calibrated, s, toExempt });
}

function temperaturePane(k: Kernels, arena: GpuArena, inp: HeadInputs, m: MethodSpec): PaneMap {
  const { n, d } = inp;
  const t = temperaturePlan(m, inp.q, inp.v, n, d);
  return stochastic(softmaxMap(k, arena, inp.q, inp.k, n, d, t.mult), arena.upload('pane.V', t.v), { kind: 'temperature', m: t.mult });
}

function sigmaPane(k: Kernels, arena: GpuArena, inp: HeadInputs, m: MethodSpec): PaneMap {
  const { n, d } = inp;
  const proj = projectionOf(inp);
  const plan = sigmaPlan(m, { n, d, dm: proj.dm, seed: proj.seed, bounds: proj.bounds }, proj.x, proj.weights);
  const qk = projectQK(inp, plan.wqHat, plan.wkHat);
  const p = softmaxMap(k, arena, qk.q, qk.k, n, d);
  return stochastic(p, arena.upload('pane.V', inp.v), plan.extras);
}

async function normaliserPane(k: Kernels, arena: GpuArena, inp: HeadInputs, m: MethodSpec): Promise<PaneMap> {
  const { n, d } = inp;
  const dev = k.device;
  const norm = normaliserOf(m, n);
  const enc = dev.createCommandEncoder({ label: `pane.${m.id}` });
  const s = k.attnScores.encode(dev, arena, enc, arena.upload('pane.Q', inp.q), arena.upload('pane.K', inp.k), n, d);
  const raw = k.normalizeRows.encode(dev, arena, enc, s, n, norm);
  const mass = k.keyMass.encode(dev, arena, enc, raw, arena.upload('pane.ones', new Float32Array(n).fill(1)), n);
  const p = k.rowRenorm.encode(dev, arena, enc, raw, n);
  dev.queue.submit([enc.finish()]);
  const rowMass = await readF32(dev, mass, n);
  arena.free(s);
  // P (renormalised) is for entropy, α and tiles only; V is multiplied by the method's own rows.
  return { p, a: raw, v: arena.upload('pane.V', inp.v), extras: { kind: 'normaliser', rowMass } };
}

/**
 * One pane's map of one head on the GPU, in the order of docs/methods.md "Order of operations":
 * weights (σReparam) → logits (temperature, before masking) → normaliser → post-softmax edits (ACT).
 * Statistics then read `p`, which always has stochastic rows (non-normalised kernels are
 * renormalised, labelled, and their row mass is in the extras); outputs read `a`.
 */
export async function paneMap(k: Kernels, arena: GpuArena, inp: HeadInputs, m: MethodSpec): Promise<PaneMap> {
  const { n, d } = inp;
  if (inp.map && m.id !== 'softmax' && m.id !== 'act') throw new LabError('bad-input', mapsRefusal(m.id));
  switch (m.id) {
    case 'softmax':
      if (inp.map) return stochastic(arena.upload('pane.P', inp.map), arena.upload('pane.V', inp.v), null);
      return stochastic(softmaxMap(k, arena, inp.q, inp.k, n, d), arena.upload('pane.V', inp.v), null);
    case 'act':
      return actPane(k, arena, inp, m);
    case 'temperature':
      return temperaturePane(k, arena, inp, m);
    case 'sigma':
      return sigmaPane(k, arena, inp, m);
    case 'sigmoid':
    case 'softmax1':
    case 'softplus':
      return normaliserPane(k, arena, inp, m);
  }
}
