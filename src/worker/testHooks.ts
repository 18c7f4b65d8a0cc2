import type { TestFault } from './api';

/**
 * Fault injection for the e2e suite, inert until `enable()`: the client enables it only when
 * the page was loaded with `?testhooks=1`. Nothing here runs in normal use.
 */
let enabled = false;
let breakShaders = false;
let oomAbove: number | null = null;
let loseMidRun = false;

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
  }
}
