import { describe, expect, it } from 'vitest';
import { GpuArena, readF32 } from '../gpu/arena';
import { Matmul, SoftmaxRows } from '../gpu/kernels';
import { maxDiff } from '../engine/parity';
import { layerAttention as layerAttentionRef } from '../reference/layerAttention';
import { matmul as matmulRef } from '../reference/matmul';
import { nodeDevice } from '../testing/nodeGpu';
import { layerAttention } from './forward';

const kernels = (async () => {
  const { device } = await nodeDevice();
  return { device, matmul: await Matmul.create(device), softmaxRows: await SoftmaxRows.create(device) };
})();

function random(count: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  });
}

describe('tiled matmul (64×64 blocks, 4×4 per invocation) against its float64 twin', () => {
  it('plain products at sizes that are not multiples of the block', async () => {
    const k = await kernels;
    for (const [m, inner, n] of [[70, 33, 130], [1, 5, 3], [32, 20, 70], [64, 64, 64], [129, 17, 65]] as const) {
      const a = random(m * inner, m + 1);
      const b = random(inner * n, n + 2);
      const arena = new GpuArena(k.device);
      try {
        const enc = k.device.createCommandEncoder();
        const c = k.matmul.encode(k.device, arena, enc, arena.upload('A', a), arena.upload('B', b), m, inner, n);
        k.device.queue.submit([enc.finish()]);
        expect(maxDiff(await readF32(k.device, c, m * n), matmulRef(a, b, m, inner, n), true), `${m}×${inner}×${n}`).toBeLessThan(1e-5);
      } finally {
        arena.destroy();
      }
    }
  });

  it('every head of a layer in one dispatch per step (scores, softmax, P·V by stride), with a row temperature', async () => {
    const k = await kernels;
    for (const [n, heads, hd, temp] of [[70, 3, 8, true], [33, 4, 16, false]] as const) {
      const d = heads * hd;
      const qkv = random(n * 3 * d, n * 7 + hd);
      const m = temp ? Float32Array.from({ length: n }, (_, i) => 0.5 + (i % 5) / 4) : undefined;
      const arena = new GpuArena(k.device);
      try {
        const enc = k.device.createCommandEncoder();
        const y = arena.storage('y', n * d);
        layerAttention(k, arena, enc, arena.upload('qkv', qkv), y, n, d, heads, m && arena.upload('m', m));
        k.device.queue.submit([enc.finish()]);
        expect(maxDiff(await readF32(k.device, y, n * d), layerAttentionRef(qkv, n, d, heads, m), true), `n=${n} H=${heads}`).toBeLessThan(1e-5);
      } finally {
        arena.destroy();
      }
    }
  });
});
