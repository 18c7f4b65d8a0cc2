/**
 * Bounds on an Experiment. Up to N = 2048 every pane's map is materialised (a few N² buffers,
 * 16 MiB each at N = 2048); beyond, the fused long-context path keeps only the selected head's
 * map (256 MiB at N = 8192), so N stops at 8192.
 */
export const LIMITS = {
  seqLen: { min: 1, max: 8192 },
  heads: { min: 1, max: 16 },
  headDim: { min: 1, max: 256 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  sinkStrength: { min: 0, max: 12 },
  sharpness: { min: 0, max: 4 },
  modelDim: { min: 4, max: 256 },
  weightScale: { min: 0.05, max: 8 },
  tau: { min: 0, max: 0.5 },
  eps: { min: 0, max: 1 },
  kappa: { min: 1, max: 20 },
  minSupport: { min: 1, max: 8192 },
  topk: { min: 1, max: 8192 },
  massGamma: { min: 0.01, max: 1 },
  window: { min: 1, max: 8192 },
  windowSinks: { min: 0, max: 64 },
  block: { min: 1, max: 128 },
  nzRatio: { min: 0.01, max: 1 },
  colourGamma: { min: 0.1, max: 3 },
} as const;
