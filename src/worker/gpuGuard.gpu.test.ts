import { describe, expect, it } from 'vitest';
import { liveBufferCount } from '../gpu/arena';
import { LabError } from '../schema/errors';
import { DEFAULT_EXPERIMENT } from '../schema/experiment';
import { nodeDevice } from '../testing/nodeGpu';
import { bytesPerHead, guarded, largestFittingN } from './gpuGuard';

/** On Dawn: a real allocation failure (SwiftShader refuses a 1 GiB buffer) becomes a message with a size that fits. */
const exp = (n: number) => ({ ...DEFAULT_EXPERIMENT, source: { ...DEFAULT_EXPERIMENT.source, seqLen: n } });

describe('GPU error scopes around a run', () => {
  it('turn a real out-of-memory into a message naming an N that fits', async () => {
    const { device } = await nodeDevice();
    const huge = device.limits.maxBufferSize;
    const err = await guarded(device, exp(4096), async () => {
      const b = device.createBuffer({ label: 'test.huge', size: huge, usage: GPUBufferUsage.STORAGE });
      b.destroy();
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).kind).toBe('out-of-memory');
    const m = /N = (\d+) \(/.exec((err as LabError).message);
    console.log('oom message:', (err as LabError).message);
    expect(m).not.toBeNull();
    const fit = Number(m?.[1]);
    expect(fit).toBeGreaterThanOrEqual(1);
    expect(fit).toBeLessThan(4096);
    // The suggested size does allocate.
    device.pushErrorScope('out-of-memory');
    device.createBuffer({ label: 'test.fit', size: bytesPerHead(fit), usage: GPUBufferUsage.STORAGE }).destroy();
    expect(await device.popErrorScope()).toBeNull();
    expect(liveBufferCount()).toBe(0);
  });

  it('turn a validation error into a gpu-validation LabError naming the object', async () => {
    const { device } = await nodeDevice();
    const err = await guarded(device, exp(8), async () => {
      device.createBuffer({ label: 'test.badUsage', size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE }).destroy();
    }).catch((e: unknown) => e);
    expect((err as LabError).kind).toBe('gpu-validation');
    expect((err as LabError).message).toMatch(/GPU validation error/);
  });

  it('pass results and clean runs through, and probe sizes by halving', async () => {
    const { device } = await nodeDevice();
    expect(await guarded(device, exp(8), async () => 42)).toBe(42);
    expect(await largestFittingN(device, 64)).toBe(32);
  });
});
