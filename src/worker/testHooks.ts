import type { TestFault } from './api';

/**
 * Fault injection for the e2e suite, inert until `enable()`: the client enables it only when
 * the page was loaded with `?testhooks=1`. Nothing here runs in normal use.
 */
let enabled = false;
let breakShaders = false;
let oomAbove: number | null = null;
let loseMidRun = false;
/** Milliseconds the next model parse holds the thread (a stand-in for a 500 MB file). */
let parseBlockMs = 0;
/** The next chunk is made unsendable (a function inside: structured clone refuses it). */
let spoilNext = false;

export function enable(): void {
  enabled = true;
}

/** WGSL that fails to compile, with a line number, like a real shader bug would. */
const BROKEN = '\nfn broken( -> f32 { return 1.0 }\n';

/** Wraps a freshly acquired device so the configured faults take effect on it. */
export function instrument(device: GPUDevice): GPUDevice {
  if (!enabled) return device;
  const createShaderModule = device.createShaderModule.bind(device);
  const createBuffer = device.createBuffer.bind(device);
  device.createShaderModule = (d) => createShaderModule(breakShaders ? { ...d, code: d.code + BROKEN } : d);
  device.createBuffer = (d) =>
    oomAbove !== null && d.size >= oomAbove
      ? createBuffer({ ...d, size: device.limits.maxBufferSize, mappedAtCreation: false })
      : createBuffer(d);
  return device;
}

/** Called after a run emits a chunk: a pending mid-run loss destroys the device now. */
export function afterChunk(device: GPUDevice): void {
  if (enabled && loseMidRun) {
    loseMidRun = false;
    device.destroy();
  }
}

/** Called on each chunk before it is sent: a pending 'unsendable-chunk' spoils this one. */
export function beforeSend<T>(chunk: T): T {
  if (!enabled || !spoilNext) return chunk;
  spoilNext = false;
  return { ...chunk, spoiled: () => 0 };
}

/** Called while a model file is parsed: a pending 'slow-parse' holds the thread, as a huge file would. */
export function whileParsing(): void {
  if (!enabled || parseBlockMs <= 0) return;
  const until = performance.now() + parseBlockMs;
  parseBlockMs = 0;
  while (performance.now() < until) {
    // busy: no messages are handled
  }
}

export function apply(f: TestFault, device: GPUDevice | null): void {
  if (!enabled) throw new Error('test hooks are off (load the page with ?testhooks=1)');
  switch (f.kind) {
    case 'crash':
      setTimeout(() => {
        throw new Error('injected worker crash');
      });
      return;
    case 'lose-device':
      if (f.when === 'mid-run') loseMidRun = true;
      else device?.destroy();
      return;
    case 'break-shaders':
      breakShaders = f.on;
      return;
    case 'oom-above':
      oomAbove = f.bytes;
      return;
    case 'slow-parse':
      parseBlockMs = f.ms;
      return;
    case 'unsendable-chunk':
      spoilNext = true;
  }
}
