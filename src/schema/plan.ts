import type { Experiment } from './experiment';

/**
 * What a run should produce. Statistics are per head; maps only for heads on screen.
 * Heads are numbered across layers: unit u = layer · H + head (H heads per layer), so the
 * single-layer synthetic source numbers them 0…H−1 as before.
 */
export interface RunPlan {
  /** Heads whose statistics and thumbnails to compute: every head of every layer, or these units. */
  readonly heads: 'all' | readonly number[];
  readonly stats: boolean;
  readonly thumbs: boolean;
  /** Thumbnails only for heads of this layer (a model's grid shows one layer's maps), or every planned head. */
  readonly thumbLayer?: number;
  /** Head of the selected layer (view.layer) whose large map to send, or null. */
  readonly fullHead: number | null;
  /**
   * A model source only: ACT's head search for this pane instead of a run — per head, the model's
   * loss when that pane's method calibrates that head alone (one forward pass per head).
   */
  readonly search?: number;
  /** Heads (units layer · H + head) the search covers; default every head. */
  readonly searchUnits?: readonly number[];
  /**
   * What the search's loss is measured on: the shipped calibration passages (default; the shown
   * text is then scored beside, never searched on), or the source's own text (the command line,
   * whose input texts are the calibration set).
   */
  readonly searchOn?: 'calibration' | 'text';
  /** A model source only: run the three shipped models on its text, side by side, instead of a run. */
  readonly family?: boolean;
}

/** The shipped family on the source's text (nothing else is computed). */
export const FAMILY_PLAN: RunPlan = { heads: [], stats: false, thumbs: false, fullHead: null, family: true };

/** ACT's head search on pane `pane` (nothing else is computed). */
export function searchPlan(pane: number, units?: readonly number[], on: 'calibration' | 'text' = 'calibration'): RunPlan {
  return { heads: [], stats: false, thumbs: false, fullHead: null, search: pane, searchOn: on, ...(units ? { searchUnits: units } : {}) };
}

/** Statistics of every head; thumbnails of the selected layer's heads; the selected head's large map. */
export function fullPlan(exp: Experiment): RunPlan {
  return {
    heads: 'all',
    stats: true,
    thumbs: true,
    ...(exp.source.kind !== 'synthetic' ? { thumbLayer: exp.view.layer } : {}),
    fullHead: exp.view.head,
  };
}

/** Only the large map of the selected head (the source did not change, only the view). */
export function mapOnlyPlan(exp: Experiment): RunPlan {
  return { heads: [], stats: false, thumbs: false, fullHead: exp.view.head };
}

/** Another layer of a model on screen: its heads' thumbnails and the selected head's map. */
export function layerPlan(exp: Experiment): RunPlan {
  return { heads: 'all', stats: false, thumbs: true, thumbLayer: exp.view.layer, fullHead: exp.view.head };
}

/**
 * What a run computes per unit, given L layers of H heads: the planned units, the full map's,
 * whether a unit gets a thumbnail, and the units to visit in order (each one something to do).
 */
export function unitWork(plan: RunPlan, layers: number, heads: number, selectedLayer: number) {
  const units = planUnits(plan, layers, heads, selectedLayer);
  const thumbOf = (u: number) => plan.thumbs && (plan.thumbLayer === undefined || Math.floor(u / heads) === plan.thumbLayer);
  const work = units.all.filter((u) => u === units.full || (units.planned.includes(u) && (plan.stats || thumbOf(u))));
  return { ...units, thumbOf, work };
}

/** The units a plan covers, given the source's layers L and heads H: planned ones, and the full map's. */
export function planUnits(plan: RunPlan, layers: number, heads: number, selectedLayer: number): { planned: number[]; full: number | null; all: number[] } {
  const planned = plan.heads === 'all' ? Array.from({ length: layers * heads }, (_, u) => u) : [...plan.heads];
  const full = plan.fullHead === null ? null : selectedLayer * heads + plan.fullHead;
  const all = full !== null && !planned.includes(full) ? [...planned, full] : planned;
  return { planned, full, all };
}
