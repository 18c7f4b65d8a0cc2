/**
 * Buffers kept for reuse per device, by exact size and usage. Creating a buffer is the largest
 * host cost of a run under Dawn (a run of the KJV model makes thousands: bench/RESULTS.md,
 * "Engine"), and a lab run asks for the same sizes again and again, so an arena hands its
 * buffers back here instead of destroying them. Sizes are exact, never rounded up: a kernel may
 * read a binding's whole length. Reuse is safe on one queue: work submitted before a buffer came
 * back runs before anything later writes it. Bounded: beyond POOL_BYTES, returned buffers are
 * destroyed.
 */
const POOL_BYTES = 1 << 30;

interface Pool {
  readonly free: Map<string, GPUBuffer[]>;
  bytes: number;
}

const pools = new WeakMap<GPUDevice, Pool>();

function poolOf(device: GPUDevice): Pool {
  let p = pools.get(device);
  if (!p) {
    p = { free: new Map(), bytes: 0 };
    pools.set(device, p);
  }
  return p;
}

const keyOf = (size: number, usage: number) => `${usage}:${size}`;

/** A pooled buffer of exactly `size` bytes and `usage`, or a new one (its contents are unspecified when reused). */
export function takeBuffer(device: GPUDevice, label: string, size: number, usage: number): { buffer: GPUBuffer; reused: boolean } {
  const p = poolOf(device);
  const list = p.free.get(keyOf(size, usage));
  const b = list?.pop();
  if (b) {
    p.bytes -= b.size;
    b.label = label;
    return { buffer: b, reused: true };
  }
  return { buffer: device.createBuffer({ label, size, usage }), reused: false };
}

/** Hands a buffer back for reuse (unmapped, no longer referenced by unsubmitted work), or destroys it when the pool is full. */
export function giveBuffer(device: GPUDevice, b: GPUBuffer): void {
  const p = poolOf(device);
  if (p.bytes + b.size > POOL_BYTES || b.mapState !== 'unmapped') {
    b.destroy();
    return;
  }
  const key = keyOf(b.size, b.usage);
  const list = p.free.get(key);
  if (list) list.push(b);
  else p.free.set(key, [b]);
  p.bytes += b.size;
}

/** Destroys every pooled buffer of a device (tests, device loss). */
export function drainPool(device: GPUDevice): void {
  const p = pools.get(device);
  if (!p) return;
  for (const list of p.free.values()) for (const b of list) b.destroy();
  p.free.clear();
  p.bytes = 0;
}
