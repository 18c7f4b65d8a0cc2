/**
 * Per-kernel GPU time from timestamp queries, when the device has 'timestamp-query'. While a
 * profiler is active for a device, every dispatch (pipeline.ts) brackets its pass with two
 * timestamps; collect() resolves them and adds the durations to the kernel's label.
 * Browsers may quantise timestamps (Chrome: to 100 µs unless its developer features are on).
 */
import { countReadback } from './counters';

const CAPACITY = 4096; // queries (WebGPU's largest set), i.e. 2048 passes between collects

const active = new WeakMap<GPUDevice, GpuProfiler>();

export interface KernelTime {
  readonly label: string;
  readonly calls: number;
  readonly ms: number;
}

export class GpuProfiler {
  private readonly querySet: GPUQuerySet;
  private readonly resolve: GPUBuffer;
  private readonly labels: string[] = [];
  private readonly totals = new Map<string, { calls: number; ns: number }>();

  constructor(private readonly device: GPUDevice) {
    this.querySet = device.createQuerySet({ label: 'profiler.queries', type: 'timestamp', count: CAPACITY });
    this.resolve = device.createBuffer({
      label: 'profiler.resolve',
      size: CAPACITY * 8,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
  }

  /** Whether timestamps can be had on this device. */
  static supported(device: GPUDevice): boolean {
    return device.features.has('timestamp-query');
  }

  /** Starts profiling every dispatch on the device (until stop). */
  start(): this {
    active.set(this.device, this);
    return this;
  }

  /** Timestamp writes for one pass labelled `label`, or undefined when the query set is full. */
  writes(label: string): GPUComputePassTimestampWrites | undefined {
    const at = this.labels.length * 2;
    if (at + 2 > CAPACITY) return undefined;
    this.labels.push(label);
    return { querySet: this.querySet, beginningOfPassWriteIndex: at, endOfPassWriteIndex: at + 1 };
  }

  /** Whether the query set is at least half full: time to collect before it overflows. */
  halfFull(): boolean {
    return this.labels.length * 4 >= CAPACITY;
  }

  /**
   * Reads back the passes recorded since the last collect and adds them up per label. Passes
   * recorded while it waits start the set again from 0: they are submitted after the resolve.
   */
  async collect(): Promise<void> {
    const labels = this.labels.splice(0);
    const count = labels.length * 2;
    if (count === 0) return;
    const staging = this.device.createBuffer({ label: 'profiler.staging', size: count * 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const enc = this.device.createCommandEncoder({ label: 'profiler.collect' });
      enc.resolveQuerySet(this.querySet, 0, count, this.resolve, 0);
      enc.copyBufferToBuffer(this.resolve, 0, staging, 0, count * 8);
      this.device.queue.submit([enc.finish()]);
      countReadback();
      await staging.mapAsync(GPUMapMode.READ);
      const t = new BigInt64Array(staging.getMappedRange().slice(0));
      staging.unmap();
      labels.forEach((label, k) => {
        const ns = Number((t[2 * k + 1] as bigint) - (t[2 * k] as bigint));
        const cur = this.totals.get(label) ?? { calls: 0, ns: 0 };
        this.totals.set(label, { calls: cur.calls + 1, ns: cur.ns + Math.max(0, ns) });
      });
    } finally {
      staging.destroy();
    }
  }

  /** Kernels by total GPU time, longest first. */
  summary(): KernelTime[] {
    return [...this.totals.entries()]
      .map(([label, v]) => ({ label, calls: v.calls, ms: v.ns / 1e6 }))
      .sort((a, b) => b.ms - a.ms);
  }

  stop(): void {
    if (active.get(this.device) === this) active.delete(this.device);
    this.querySet.destroy();
    this.resolve.destroy();
  }
}

/** The profiler recording on `device`, if any (used by dispatch). */
export function activeProfiler(device: GPUDevice): GpuProfiler | undefined {
  return active.get(device);
}
