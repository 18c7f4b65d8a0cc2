/**
 * Bounds on an Experiment. They keep one head's N×N score and probability buffers
 * (2 · N² · 4 bytes = 128 MiB at N = 4096) well inside every adapter's 128 MiB-per-binding
 * default, and the synthetic generator's work small.
 */
export const LIMITS = {
  seqLen: { min: 1, max: 4096 },
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
  minSupport: { min: 1, max: 4096 },
  topk: { min: 1, max: 4096 },
  massGamma: { min: 0.01, max: 1 },
  window: { min: 1, max: 4096 },
  windowSinks: { min: 0, max: 64 },
  block: { min: 1, max: 128 },
  nzRatio: { min: 0.01, max: 1 },
  colourGamma: { min: 0.1, max: 3 },
} as const;
