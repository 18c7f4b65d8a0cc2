import { describe, expect, it } from 'vitest';
import golden from '../reference/fixtures/golden.json';
import { GOLDEN_RESULTS, PARITY_CASES, RESULTS_PER_CASE, goldenParity, kernelParity } from './selftest';
import { nodeDevice } from '../testing/nodeGpu';
import { GpuArena, liveBufferCount, readF32 } from '../gpu/arena';
import { createKernels, type Kernels } from '../gpu/kernels';
import { maskStats } from '../reference/maskStats';
import { rowThreshold } from '../reference/rowThreshold';

let kernelsP: Promise<Kernels> | null = null;
async function kernels(): Promise<Kernels> {
  kernelsP ??= nodeDevice().then(({ device }) => createKernels(device));
  return kernelsP;
}

describe('WGSL kernels on Dawn (Node) vs float64 twins', () => {
  it('gets a real adapter (no adapter is a failure, not a skip)', async () => {
    const { adapter } = await nodeDevice();
    expect(adapter.backend).toBe('webgpu');
    expect(`${adapter.vendor}${adapter.architecture}`.length).toBeGreaterThan(0);
  });

  for (const [n, d, seed] of PARITY_CASES) {
    it(`every kernel matches its twin at n=${n} d=${d}`, async () => {
      const results = await kernelParity(await kernels(), n, d, seed);
      expect(results.length).toBe(RESULTS_PER_CASE);
      for (const r of results) {
        expect(r.maxError, `${r.kernel} ${r.case}`).toBeLessThanOrEqual(r.tolerance);
      }
    });
  }

  it('softmaxRows reproduces golden head A (upper-triangle 9.0 masked) to 1e-5', async () => {
    const k = await kernels();
    const n = 6;
    const s = Float32Array.from(golden.fixtures.S_A.flat());
    const arena = new GpuArena(k.device);
    const enc = k.device.createCommandEncoder();
    const p = k.softmaxRows.encode(k.device, arena, enc, arena.upload('g.S', s), n);
    const h = k.rowEntropy.encode(k.device, arena, enc, p, n);
    k.device.queue.submit([enc.finish()]);
    const got = await readF32(k.device, p, n * n);
    const ent = await readF32(k.device, h, n);
    arena.destroy();
    golden.fixtures.A_softmax.flat().forEach((v, x) => expect(got[x]).toBeCloseTo(v, 5));
    golden.entropy.head_A_row_entropy_nats.forEach((v, i) => expect(ent[i]).toBeCloseTo(v, 5));
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(got[i * n + j]).toBe(0);
  });

  it('the statistics kernels reproduce golden.json on its fixtures to 1e-5 (goldenParity)', async () => {
    const results = await goldenParity(await kernels());
    expect(results.length).toBe(GOLDEN_RESULTS);
    for (const r of results) {
      expect(r.tolerance).toBe(1e-5);
      expect(r.maxError, `${r.kernel} ${r.case}`).toBeLessThanOrEqual(r.tolerance);
    }
  });

  it('attnScores with a row multiplier of ones (c = 0) equals the plain scores bit for bit', async () => {
    const k = await kernels();
    const n = 19;
    const d = 5;
    const q = Float32Array.from({ length: n * d }, (_, x) => Math.sin(x * 1.7));
    const kk = Float32Array.from({ length: n * d }, (_, x) => Math.cos(x * 0.9));
    const arena = new GpuArena(k.device);
    const enc = k.device.createCommandEncoder();
    const qb = arena.upload('c0.Q', q);
    const kb = arena.upload('c0.K', kk);
    const plain = k.attnScores.encode(k.device, arena, enc, qb, kb, n, d);
    const ones = k.attnScores.encode(k.device, arena, enc, qb, kb, n, d, 1 / Math.sqrt(d), arena.upload('c0.m', new Float32Array(n).fill(1)));
    k.device.queue.submit([enc.finish()]);
    const a = await readF32(k.device, plain, n * n);
    const b = await readF32(k.device, ones, n * n);
    arena.destroy();
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) expect(b[i * n + j]).toBe(a[i * n + j]);
  });

  it('rowThreshold keeps ties exactly as the twin does (quantised map with repeated values)', async () => {
    const k = await kernels();
    const n = 40;
    const p = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j <= i; j++) sum += 1 + ((i + 5 * j) % 3);
      for (let j = 0; j <= i; j++) p[i * n + j] = (1 + ((i + 5 * j) % 3)) / sum;
    }
    for (const rule of [{ mode: 'topk', k: 3 }, { mode: 'topk', k: 8 }, { mode: 'mass', gamma: 0.613 }] as const) {
      const arena = new GpuArena(k.device);
      const enc = k.device.createCommandEncoder();
      const pb = arena.upload('ties.P', p);
      const t = k.rowThreshold.encode(k.device, arena, enc, pb, n, rule);
      const { kept } = k.maskStats.encode(k.device, arena, enc, pb, n, { mode: 'threshold', t });
      k.device.queue.submit([enc.finish()]);
      const tGpu = await readF32(k.device, t, n);
      const keptGpu = await readF32(k.device, kept, n);
      arena.destroy();
      const tRef = rowThreshold(p, n, rule);
      const keptRef = maskStats(p, n, { mode: 'threshold', t: tRef }).kept;
      expect(Array.from(tGpu)).toEqual(Array.from(tRef));
      expect(Array.from(keptGpu)).toEqual(Array.from(keptRef));
      if (rule.mode === 'topk') {
        keptRef.forEach((c, i) => expect(c).toBeGreaterThanOrEqual(Math.min(rule.k, i + 1)));
        expect(keptRef.some((c, i) => c > Math.min(rule.k, i + 1))).toBe(true); // ties were exercised
      }
    }
  });

  it('frees every buffer it creates', async () => {
    await kernelParity(await kernels(), 16, 8, 9);
    await goldenParity(await kernels());
    expect(liveBufferCount()).toBe(0);
  });
});
