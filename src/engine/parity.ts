import { GpuArena, readF32 } from '../gpu/arena';
import type { Kernels } from '../gpu/kernels';

/**
 * The harness shared by the kernel self-tests (selftest.ts, selftestStats.ts): tolerances, one
 * result row per check, and a helper that records GPU work in a throwaway arena and reads back.
 */

/**
 * Absolute tolerances for fp32 kernels against fp64 twins at n ≤ 256, d ≤ 64 ("relative" ones
 * are scaled by 1 + |reference|). Counts (kept, top-k overlap, masks) must match exactly; the
 * thresholds' error is the difference in kept count plus retained mass they imply.
 */
export const TOLERANCE = {
  attnScores: 1e-5, // relative to 1 + |s|
  softmaxRows: 1e-6,
  rowEntropy: 1e-5,
  mapTiles: 1e-7,
  receivedAttention: 1e-5,
  rowThreshold: 1e-5, // |Δkept| + |Δretained| per row; see selftestStats.ts for the γ boundary
  maskStats: 1e-5, // max of |Δkept|, |Δretained|, |Δmap|
  rowDivergence: 1e-5, // nats; +Infinity must meet +Infinity
  topkOverlap: 1e-5,
  attnOutput: 1e-5, // relative to 1 + |o|
  rowDistance: 1e-5, // relative to 1 + |dist|
  keyMass: 1e-5,
  maskApply: 1e-6,
  actCalibrate: 1e-6,
  matmul: 1e-5, // relative to 1 + |c|
  normalizeRows: 1e-6,
  rowRenorm: 1e-6,
} as const;

/** Tolerance of every goldenParity row: golden.json is rounded to 6 decimals, kernels are f32. */
export const GOLDEN_TOLERANCE = 1e-5;

export type KernelName = keyof typeof TOLERANCE;

export interface ParityResult {
  readonly kernel: KernelName;
  readonly case: string;
  readonly maxError: number;
  readonly tolerance: number;
  readonly pass: boolean;
}

export function result(kernel: KernelName, name: string, maxError: number, tolerance: number = TOLERANCE[kernel]): ParityResult {
  return { kernel, case: name, maxError, tolerance, pass: maxError <= tolerance };
}

/** A GPU output to read back: the buffer and how many f32 it holds. */
export interface Readback {
  readonly out: GPUBuffer;
  readonly count: number;
}

/** Encodes `build` in a fresh arena, submits, reads every output back, frees the arena. */
export async function runGpu(
  k: Kernels,
  build: (arena: GpuArena, enc: GPUCommandEncoder) => readonly Readback[],
): Promise<Float32Array[]> {
  const arena = new GpuArena(k.device);
  try {
    const enc = k.device.createCommandEncoder({ label: 'selftest' });
    const outs = build(arena, enc);
    k.device.queue.submit([enc.finish()]);
    const got: Float32Array[] = [];
    for (const r of outs) got.push(await readF32(k.device, r.out, r.count));
    return got;
  } finally {
    arena.destroy();
  }
}

/**
 * max_x |a_x − b_x| / (1 + |b_x|) (relative) or |a_x − b_x|; equal infinities count as 0, any
 * NaN or length mismatch as Infinity.
 */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>, relative = false): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x === y) continue; // covers +Infinity === +Infinity
    const e = Math.abs(x - y) / (relative ? 1 + Math.abs(y) : 1);
    m = Number.isNaN(e) ? Infinity : Math.max(m, e);
  }
  return m;
}

/** A float64 twin output cast to f32: exactly what the next kernel under test is fed. */
export const f32 = (x: ArrayLike<number>): Float32Array => Float32Array.from(x);
