import type { Experiment } from './experiment';

/** What a run should produce. Statistics are per head; maps only for heads on screen. */
export interface RunPlan {
  /** Heads whose statistics and thumbnails to compute (all heads for a full run). */
  readonly heads: readonly number[];
  readonly stats: boolean;
  readonly thumbs: boolean;
  /** Head whose large map to send, or null. */
  readonly fullHead: number | null;
}

/** Statistics and thumbnails for every head, and the selected head's large map. */
export function fullPlan(exp: Experiment): RunPlan {
  return {
    heads: Array.from({ length: exp.source.heads }, (_, h) => h),
    stats: true,
    thumbs: true,
    fullHead: exp.view.head,
  };
}

/** Only the large map of the selected head (the source did not change, only the view). */
export function mapOnlyPlan(exp: Experiment): RunPlan {
  return { heads: [], stats: false, thumbs: false, fullHead: exp.view.head };
}
