import { describe, expect, it } from 'vitest';
import golden from '../reference/fixtures/golden.json';
import { PARITY_CASES, kernelParity } from './selftest';
import { nodeDevice } from '../testing/nodeGpu';
import { GpuArena, liveBufferCount, readF32 } from '../gpu/arena';
import { createKernels, type Kernels } from '../gpu/kernels';

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
      expect(results.length).toBe(5);
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

  it('frees every buffer it creates', async () => {
    await kernelParity(await kernels(), 16, 8, 9);
    expect(liveBufferCount()).toBe(0);
  });
});
