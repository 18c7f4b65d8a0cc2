/**
 * Every GPU buffer the lab creates goes through an arena, and an arena is destroyed when the
 * work it served is read back. `liveBufferCount()` lets tests assert that nothing leaks.
 */
import { giveBuffer, takeBuffer } from './bufferPool';
import { countReadback } from './counters';

let live = 0;
let liveBytes = 0;
let peakBytes = 0;

/** Buffers created through any arena and not yet destroyed. */
export function liveBufferCount(): number {
  return live;
}

/** Largest number of bytes held by arenas at once since the last reset (the run's GPU memory peak). */
export function peakBufferBytes(reset = false): number {
  const p = peakBytes;
  if (reset) peakBytes = liveBytes;
  return p;
}

export class GpuArena {
  private readonly buffers: GPUBuffer[] = [];

  constructor(private readonly device: GPUDevice) {}

  buffer(desc: GPUBufferDescriptor): GPUBuffer {
    return this.track(this.device.createBuffer(desc));
  }

  private track(b: GPUBuffer): GPUBuffer {
    this.buffers.push(b);
    live++;
    liveBytes += b.size;
    peakBytes = Math.max(peakBytes, liveBytes);
    return b;
  }

  /** A buffer from the device's pool (bufferPool.ts), its whole contents then written by `write`. */
  private pooled(label: string, size: number, usage: number, write: (b: GPUBuffer) => void): GPUBuffer {
    const b = this.track(takeBuffer(this.device, label, size, usage).buffer);
    write(b);
    return b;
  }

  /** A storage buffer holding `data` (written in queue order, before any later submit). */
  upload(label: string, data: Float32Array, extraUsage = 0): GPUBuffer {
    const size = Math.max(16, data.byteLength);
    return this.pooled(label, size, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | extraUsage, (b) => {
      const padded = data.byteLength === size ? data : new Float32Array(size / 4);
      if (padded !== data) padded.set(data);
      this.device.queue.writeBuffer(b, 0, padded.buffer, padded.byteOffset, size);
    });
  }

  /** A zeroed storage buffer of `count` f32 that can be copied out (and into). */
  storage(label: string, count: number): GPUBuffer {
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const { buffer, reused } = takeBuffer(this.device, label, Math.max(16, count * 4), usage);
    if (reused) {
      // A new buffer is zero; a reused one is cleared in queue order, so kernels that write part of it see zeros elsewhere.
      const enc = this.device.createCommandEncoder({ label: 'arena.clear' });
      enc.clearBuffer(buffer);
      this.device.queue.submit([enc.finish()]);
    }
    return this.track(buffer);
  }

  uniform(label: string, data: ArrayBuffer): GPUBuffer {
    return this.pooled(label, Math.max(16, data.byteLength), GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, (b) => {
      this.device.queue.writeBuffer(b, 0, data);
    });
  }

  /** Frees one buffer early (work already submitted that reads it still completes). */
  free(b: GPUBuffer): void {
    const at = this.buffers.indexOf(b);
    if (at < 0) return;
    this.buffers.splice(at, 1);
    liveBytes -= b.size;
    giveBuffer(this.device, b);
    live--;
  }

  destroy(): void {
    for (const b of this.buffers) {
      liveBytes -= b.size;
      giveBuffer(this.device, b);
    }
    live -= this.buffers.length;
    this.buffers.length = 0;
  }
}

/** Copies `count` f32 out of `src` into a fresh Float32Array (its buffer can be transferred). */
export async function readF32(
  device: GPUDevice,
  src: GPUBuffer,
  count: number,
): Promise<Float32Array> {
  return (await readF32Many(device, [{ src, count }]))[0] as Float32Array;
}

/**
 * Several f32 buffers read back through one staging buffer: one submit, one mapAsync. Each
 * readback waits a round trip to the device, so a head's vectors read together cost one wait
 * instead of one each (what dominates small-N runs on a real GPU; bench/RESULTS.md).
 */
export async function readF32Many(
  device: GPUDevice,
  parts: readonly { readonly src: GPUBuffer; readonly count: number }[],
): Promise<Float32Array[]> {
  const offsets: number[] = [];
  let total = 0;
  for (const p of parts) {
    offsets.push(total);
    total += Math.max(4, p.count * 4);
  }
  const staging = takeBuffer(device, 'readback.many', Math.max(16, total), GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST).buffer;
  live++;
  let ok = false;
  try {
    const enc = device.createCommandEncoder({ label: 'readback.many' });
    parts.forEach((p, i) => enc.copyBufferToBuffer(p.src, 0, staging, offsets[i] as number, Math.max(4, p.count * 4)));
    device.queue.submit([enc.finish()]);
    countReadback();
    await staging.mapAsync(GPUMapMode.READ, 0, Math.max(16, total));
    const all = staging.getMappedRange(0, Math.max(16, total));
    const out = parts.map((p, i) => new Float32Array(all, offsets[i] as number, p.count).slice());
    staging.unmap();
    ok = true;
    return out;
  } finally {
    if (ok) giveBuffer(device, staging);
    else staging.destroy();
    live--;
  }
}
