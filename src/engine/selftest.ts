import { GpuArena, readF32 } from '../gpu/arena';
import type { Kernels } from '../gpu/kernels';
import { attnScores } from '../reference/attnScores';
import { mapTiles } from '../reference/mapTiles';
import { rowEntropy } from '../reference/rowEntropy';
import { softmaxRows } from '../reference/softmaxRows';
import { mulberry32, normal } from './random';

/**
 * Kernel-by-kernel parity against the float64 twins, on seeded inputs. The same harness runs in
 * Node (Dawn, src/gpu/kernels.gpu.test.ts) and in the browser (selftest.html, checked by e2e).
 * Each kernel gets exactly the twin's input cast to f32, so an error is the kernel's own.
 */

/** Absolute tolerances for fp32 kernels against fp64 twins at n ≤ 256, d ≤ 64. */
export const TOLERANCE = {
  attnScores: 1e-5, // relative to 1 + |s|
  softmaxRows: 1e-6,
  rowEntropy: 1e-5,
  mapTiles: 1e-7,
} as const;

export interface ParityResult {
  readonly kernel: keyof typeof TOLERANCE;
  readonly case: string;
  readonly maxError: number;
  readonly tolerance: number;
  readonly pass: boolean;
}

/** Logit put in the upper triangle before softmax: if the mask leaks, it dominates every row. */
const UPPER_SENTINEL = 9;

function randomMatrix(rng: () => number, rows: number, cols: number, scale: number): Float32Array {
  const a = new Float32Array(rows * cols);
  for (let x = 0; x < a.length; x++) a[x] = scale * normal(rng);
  return a;
}

async function runOne(
  k: Kernels,
  build: (arena: GpuArena, enc: GPUCommandEncoder) => { out: GPUBuffer; count: number },
): Promise<Float32Array> {
  const arena = new GpuArena(k.device);
  try {
    const enc = k.device.createCommandEncoder({ label: 'selftest' });
    const { out, count } = build(arena, enc);
    k.device.queue.submit([enc.finish()]);
    return await readF32(k.device, out, count);
  } finally {
    arena.destroy();
  }
}

function result(
  kernel: keyof typeof TOLERANCE,
  name: string,
  maxError: number,
): ParityResult {
  const tolerance = TOLERANCE[kernel];
  return { kernel, case: name, maxError, tolerance, pass: maxError <= tolerance };
}

/** Runs every kernel on one (n, d, seed) case and returns one result per kernel (and tile mode). */
export async function kernelParity(
  k: Kernels,
  n: number,
  d: number,
  seed: number,
): Promise<ParityResult[]> {
  const rng = mulberry32(seed);
  const name = `n=${n} d=${d} seed=${seed}`;
  const out: ParityResult[] = [];
  const dev = k.device;

  // attnScores: compare the causal part (blocks above the diagonal are skipped by design).
  const q = randomMatrix(rng, n, d, 1.5);
  const kk = randomMatrix(rng, n, d, 1);
  const sRef = attnScores(q, kk, n, d);
  const sGpu = await runOne(k, (arena, enc) => ({
    out: k.attnScores.encode(dev, arena, enc, arena.upload('t.Q', q), arena.upload('t.K', kk), n, d),
    count: n * n,
  }));
  let errS = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const r = sRef[i * n + j] as number;
      errS = Math.max(errS, Math.abs((sGpu[i * n + j] as number) - r) / (1 + Math.abs(r)));
    }
  }
  out.push(result('attnScores', name, errS));

  // softmaxRows: twin scores as f32, with a sentinel in the upper triangle.
  const s32 = Float32Array.from(sRef);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s32[i * n + j] = UPPER_SENTINEL;
  const pRef = softmaxRows(s32, n);
  const pGpu = await runOne(k, (arena, enc) => ({
    out: k.softmaxRows.encode(dev, arena, enc, arena.upload('t.S', s32), n),
    count: n * n,
  }));
  out.push(result('softmaxRows', name, maxDiff(pGpu, pRef)));

  // rowEntropy on the twin's probabilities.
  const p32 = Float32Array.from(pRef);
  const hRef = rowEntropy(p32, n);
  const hGpu = await runOne(k, (arena, enc) => ({
    out: k.rowEntropy.encode(dev, arena, enc, arena.upload('t.P', p32), n),
    count: n,
  }));
  out.push(result('rowEntropy', name, maxDiff(hGpu, hRef)));

  // mapTiles, both reductions, a tile that does not divide n.
  for (const reduce of ['max', 'mean'] as const) {
    const tile = Math.max(1, Math.ceil(n / 7));
    const ref = mapTiles(p32, n, tile, reduce);
    const got = await runOne(k, (arena, enc) => {
      const r = k.mapTiles.encode(dev, arena, enc, arena.upload('t.P', p32), n, tile, reduce);
      return { out: r.out, count: r.t * r.t };
    });
    out.push(result('mapTiles', `${name} tile=${tile} ${reduce}`, maxDiff(got, ref.data)));
  }
  return out;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.abs((a[i] as number) - (b[i] as number));
    m = Number.isNaN(x) ? Infinity : Math.max(m, x);
  }
  return a.length === b.length ? m : Infinity;
}

/** The cases both Node and the browser run. */
export const PARITY_CASES: ReadonlyArray<readonly [n: number, d: number, seed: number]> = [
  [1, 4, 1],
  [7, 3, 2],
  [33, 16, 3],
  [64, 64, 4],
  [256, 32, 5],
];
