/**
 * Categorical colours for sink roles, chosen to stay distinct under the common colour-vision
 * deficiencies (Okabe–Ito) and against viridis maps.
 */
export const SINK_COLOURS = {
  /** ACT's exempt first sink (usually token 0). */
  exempt: '#0072B2',
  /** Sinks ACT would calibrate (detected, not exempt). */
  calibrated: '#D55E00',
  /** Keys below the threshold. */
  plain: '#9aa3ad',
} as const;
