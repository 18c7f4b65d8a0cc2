import { describe, expect, it } from 'vitest';
import { GpuArena, liveBufferCount, readF32 } from '../gpu/arena';
import { FlashAlpha, FlashColumns, FlashRowStats, FlashTiles } from '../gpu/kernels';
import { FLASH_ROWS_PER_CHUNK } from '../gpu/kernels/flashCommon';
import { maxDiff } from './parity';
import { mulberry32, normal } from './random';
import { encodeFusedStats, fusedHeadStats, type FusedKernels } from './fusedStats';
import { nodeDevice } from '../testing/nodeGpu';
import { attnScores } from '../reference/attnScores';
import { flashAlpha } from '../reference/flashAlpha';
import { flashColumns } from '../reference/flashColumns';
import { flashRowStats } from '../reference/flashRowStats';
import { flashTiles } from '../reference/flashTiles';

/**
 * Parity of the fused path (flashRowStats → flashColumns → flashAlpha, flashTiles) with its
 * float64 twins on Dawn + SwiftShader, at n around the 64-row tile and 256-row chunk edges and
 * n = 1, with and without subgroups. Tolerances (absolute): H and α 1e-5, lse 1e-5 · (1 + |lse|),
 * P 1e-6, map tiles 1e-6.
 */
const TOL = { h: 1e-5, alpha: 1e-5, lse: 1e-5, p: 1e-6, tiles: 1e-6 };

/** A device of its own with `subgroups` when the adapter has it (nodeDevice() requests none). */
let devP: Promise<GPUDevice> | null = null;
let keep: unknown = null;
function device(): Promise<GPUDevice> {
  devP ??= (async () => {
    await nodeDevice(); // sets the Vulkan ICD and Dawn's globals
    const { create } = await import('webgpu');
    const gpu = create([]) as unknown as GPU;
    keep = gpu;
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error('no WebGPU adapter (a failure, not a skip)');
    const requiredFeatures: GPUFeatureName[] = adapter.features.has('subgroups') ? ['subgroups'] : [];
    return adapter.requestDevice({ requiredFeatures });
  })();
  return devP;
}

const kernelsP = new Map<boolean, Promise<FusedKernels>>();
function kernels(subgroups: boolean): Promise<FusedKernels> {
  let p = kernelsP.get(subgroups);
  if (!p) {
    p = device().then(async (dev) => ({
      device: dev,
      flashRowStats: await FlashRowStats.create(dev, { subgroups }),
      flashColumns: await FlashColumns.create(dev),
      flashAlpha: await FlashAlpha.create(dev),
      flashTiles: await FlashTiles.create(dev),
    }));
    kernelsP.set(subgroups, p);
  }
  return p;
}

function qk(n: number, d: number, seed: number, gain = 1): { q: Float32Array; k: Float32Array } {
  const rng = mulberry32(seed);
  const q = Float32Array.from({ length: n * d }, () => gain * normal(rng));
  const k = Float32Array.from({ length: n * d }, () => gain * normal(rng));
  if (n > 2) for (let c = 0; c < d; c++) k[c] = 2 * gain; // key 0 attracts: a sink-like column
  return { q, k };
}

const CASES: readonly [n: number, d: number, seed: number, gain: number][] = [
  [1, 8, 1, 1],
  [5, 16, 2, 1],
  [63, 20, 3, 1],
  [64, 16, 4, 2],
  [65, 8, 5, 1],
  [130, 32, 6, 1.5],
  [257, 16, 7, 1],
];

describe('fused statistics path vs float64 twins (Dawn)', () => {
  it('compiles the subgroup variant where the adapter has subgroups', async () => {
    const k = await kernels(true);
    expect(k.flashRowStats.fallbackReason).toBeUndefined();
    expect(k.flashRowStats.usesSubgroups).toBe(k.device.features.has('subgroups'));
    expect((await kernels(false)).flashRowStats.usesSubgroups).toBe(false);
  });

  for (const subgroups of [true, false]) {
    for (const [n, d, seed, gain] of CASES) {
      it(`n=${n} d=${d} ${subgroups ? 'subgroups' : 'shared'}: lse, H, P, partials, α`, async () => {
        const k = await kernels(subgroups);
        const dev = k.device;
        const { q, k: keys } = qk(n, d, seed, gain);
        const arena = new GpuArena(dev);
        const enc = dev.createCommandEncoder();
        const qb = arena.upload('t.Q', q);
        const kb = arena.upload('t.K', keys);
        const pb = arena.storage('t.P', n * n);
        const rs = k.flashRowStats.encode(dev, arena, enc, qb, kb, n, d);
        const cols = k.flashColumns.encode(dev, arena, enc, qb, kb, rs.lse, n, d, { p: pb });
        const alpha = k.flashAlpha.encode(dev, arena, enc, cols.partial, n, cols.chunks);
        dev.queue.submit([enc.finish()]);
        const got = {
          lse: await readF32(dev, rs.lse, n),
          h: await readF32(dev, rs.h, n),
          p: await readF32(dev, pb, n * n),
          partial: await readF32(dev, cols.partial, cols.chunks * n),
          alpha: await readF32(dev, alpha, n),
        };
        arena.destroy();
        const rowRef = flashRowStats(q, keys, n, d);
        const colRef = flashColumns(q, keys, n, d, FLASH_ROWS_PER_CHUNK);
        expect(cols.chunks).toBe(colRef.chunks);
        expect(maxDiff(got.lse, rowRef.lse, true)).toBeLessThanOrEqual(TOL.lse);
        expect(maxDiff(got.h, rowRef.h)).toBeLessThanOrEqual(TOL.h);
        expect(maxDiff(got.p, colRef.p)).toBeLessThanOrEqual(TOL.p);
        expect(maxDiff(got.partial, colRef.partial)).toBeLessThanOrEqual(TOL.alpha);
        expect(maxDiff(got.alpha, colRef.alpha)).toBeLessThanOrEqual(TOL.alpha);
        expect(maxDiff(flashAlpha(got.partial, n, cols.chunks), colRef.alpha)).toBeLessThanOrEqual(TOL.alpha);
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(got.p[i * n + j]).toBe(0);

        // The one-QKᵀ materialising path: pass 1 stores the scores in P, pass 2 normalises in place.
        const a2 = new GpuArena(dev);
        const e2 = dev.createCommandEncoder();
        const q2 = a2.upload('t.Q', q);
        const k2 = a2.upload('t.K', keys);
        const p2 = a2.upload('t.P', new Float32Array(n * n).fill(7), GPUBufferUsage.COPY_SRC); // poison: every entry must be rewritten
        const sc = a2.storage('t.S', n * n);
        const rs2 = k.flashRowStats.encode(dev, a2, e2, q2, k2, n, d, { scores: p2 });
        k.flashRowStats.encode(dev, a2, e2, q2, k2, n, d, { scores: sc });
        const c2 = k.flashColumns.encode(dev, a2, e2, q2, k2, rs2.lse, n, d, { p: p2, fromP: true });
        const al2 = k.flashAlpha.encode(dev, a2, e2, c2.partial, n, c2.chunks);
        dev.queue.submit([e2.finish()]);
        const sGot = await readF32(dev, sc, n * n);
        const pGot = await readF32(dev, p2, n * n);
        const aGot = await readF32(dev, al2, n);
        a2.destroy();
        const sRef = attnScores(q, keys, n, d);
        const lower = (x: ArrayLike<number>): number[] => Array.from({ length: (n * (n + 1)) / 2 }, (_, t) => {
          const i = Math.floor((Math.sqrt(8 * t + 1) - 1) / 2);
          return x[i * n + (t - (i * (i + 1)) / 2)] as number;
        });
        expect(maxDiff(lower(sGot), lower(sRef), true)).toBeLessThanOrEqual(TOL.lse);
        expect(maxDiff(pGot, colRef.p)).toBeLessThanOrEqual(TOL.p);
        expect(maxDiff(aGot, colRef.alpha)).toBeLessThanOrEqual(TOL.alpha);
      });
    }
  }

  for (const [n, d, tile, reduce] of [[1, 8, 1, 'max'], [65, 8, 1, 'mean'], [130, 16, 3, 'max'], [130, 16, 7, 'mean'], [257, 8, 16, 'mean']] as const) {
    it(`fusedHeadStats n=${n} tile=${tile} ${reduce}: H, α and the map without P`, async () => {
      const k = await kernels(true);
      const dev = k.device;
      const { q, k: keys } = qk(n, d, 11 + n, 1);
      const arena = new GpuArena(dev);
      const r = await fusedHeadStats(k, arena.upload('t.Q', q), arena.upload('t.K', keys), n, d, {
        tiles: { side: Math.ceil(n / tile), reduce },
      });
      arena.destroy();
      const rowRef = flashRowStats(q, keys, n, d);
      const colRef = flashColumns(q, keys, n, d, FLASH_ROWS_PER_CHUNK);
      const mapRef = flashTiles(q, keys, n, d, tile, reduce);
      expect(maxDiff(r.rowEntropy, rowRef.h)).toBeLessThanOrEqual(TOL.h);
      expect(maxDiff(r.alpha, colRef.alpha)).toBeLessThanOrEqual(TOL.alpha);
      expect(r.tiles?.tile).toBe(tile);
      expect(r.tiles?.t).toBe(mapRef.rows);
      expect(maxDiff(r.tiles?.data ?? [], mapRef.data)).toBeLessThanOrEqual(TOL.tiles);
    });
  }

  it('batches heads in one dispatch (grid z, with head0) with the same answers as one head at a time', async () => {
    const k = await kernels(true);
    const dev = k.device;
    const [n, d, heads] = [70, 16, 3];
    const per = [0, 1, 2].map((h) => qk(n, d, 40 + h, 1 + h / 2));
    const q = new Float32Array(heads * n * d);
    const keys = new Float32Array(heads * n * d);
    per.forEach((x, h) => { q.set(x.q, h * n * d); keys.set(x.k, h * n * d); });
    const arena = new GpuArena(dev);
    const enc = dev.createCommandEncoder();
    const pb = arena.storage('t.P', heads * n * n);
    const bufs = encodeFusedStats(k, arena, enc, arena.upload('t.Q', q), arena.upload('t.K', keys), n, d, { heads, p: pb });
    dev.queue.submit([enc.finish()]);
    const h = await readF32(dev, bufs.h, heads * n);
    const alpha = await readF32(dev, bufs.alpha, heads * n);
    const p = await readF32(dev, pb, heads * n * n);
    arena.destroy();
    // head0 selects heads of Q and K; outputs are indexed from 0.
    const a3 = new GpuArena(dev);
    const e3 = dev.createCommandEncoder();
    const qb3 = a3.upload('t.Q', q);
    const kb3 = a3.upload('t.K', keys);
    const rs3 = k.flashRowStats.encode(dev, a3, e3, qb3, kb3, n, d, { heads: 2, head0: 1 });
    const c3 = k.flashColumns.encode(dev, a3, e3, qb3, kb3, rs3.lse, n, d, { heads: 2, head0: 1 });
    const al3 = k.flashAlpha.encode(dev, a3, e3, c3.partial, n, c3.chunks, 2);
    dev.queue.submit([e3.finish()]);
    const h3 = await readF32(dev, rs3.h, 2 * n);
    const alpha3 = await readF32(dev, al3, 2 * n);
    a3.destroy();
    expect(maxDiff(h3, h.subarray(n))).toBeLessThanOrEqual(1e-6);
    expect(maxDiff(alpha3, alpha.subarray(n))).toBeLessThanOrEqual(1e-6);
    per.forEach((x, hd) => {
      const colRef = flashColumns(x.q, x.k, n, d, FLASH_ROWS_PER_CHUNK);
      expect(maxDiff(h.subarray(hd * n, (hd + 1) * n), flashRowStats(x.q, x.k, n, d).h)).toBeLessThanOrEqual(TOL.h);
      expect(maxDiff(alpha.subarray(hd * n, (hd + 1) * n), colRef.alpha)).toBeLessThanOrEqual(TOL.alpha);
      expect(maxDiff(p.subarray(hd * n * n, (hd + 1) * n * n), colRef.p)).toBeLessThanOrEqual(TOL.p);
    });
  });

  it('frees every buffer it creates', () => {
    expect(liveBufferCount()).toBe(0);
    expect(keep).not.toBeNull();
  });
});
