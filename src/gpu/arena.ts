/**
 * Every GPU buffer the lab creates goes through an arena, and an arena is destroyed when the
 * work it served is read back. `liveBufferCount()` lets tests assert that nothing leaks.
 */

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
    const b = this.device.createBuffer(desc);
    this.buffers.push(b);
    live++;
    liveBytes += b.size;
    peakBytes = Math.max(peakBytes, liveBytes);
    return b;
  }

  /** A storage buffer holding `data` (copied at creation). */
  upload(label: string, data: Float32Array, extraUsage = 0): GPUBuffer {
    const b = this.buffer({
      label,
      size: Math.max(16, data.byteLength),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | extraUsage,
      mappedAtCreation: true,
    });
    new Float32Array(b.getMappedRange(0, data.byteLength)).set(data);
    b.unmap();
    return b;
  }

  /** An uninitialised (zeroed) storage buffer of `count` f32 that can be copied out. */
  storage(label: string, count: number): GPUBuffer {
    return this.buffer({
      label,
      size: Math.max(16, count * 4),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
  }

  uniform(label: string, data: ArrayBuffer): GPUBuffer {
    const b = this.buffer({
      label,
      size: data.byteLength,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      mappedAtCreation: true,
    });
    new Uint8Array(b.getMappedRange()).set(new Uint8Array(data));
    b.unmap();
    return b;
  }

  /** Frees one buffer early (work already submitted that reads it still completes). */
  free(b: GPUBuffer): void {
    const at = this.buffers.indexOf(b);
    if (at < 0) return;
    this.buffers.splice(at, 1);
    liveBytes -= b.size;
    b.destroy();
    live--;
  }

  destroy(): void {
    for (const b of this.buffers) {
      liveBytes -= b.size;
      b.destroy();
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
  const staging = device.createBuffer({
    label: 'readback.many',
    size: Math.max(16, total),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  live++;
  try {
    const enc = device.createCommandEncoder({ label: 'readback.many' });
    parts.forEach((p, i) => enc.copyBufferToBuffer(p.src, 0, staging, offsets[i] as number, Math.max(4, p.count * 4)));
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ, 0, Math.max(16, total));
    const all = staging.getMappedRange(0, Math.max(16, total));
    const out = parts.map((p, i) => new Float32Array(all, offsets[i] as number, p.count).slice());
    staging.unmap();
    return out;
  } finally {
    staging.destroy();
    live--;
  }
}
