import type { AdapterReport } from '../schema/chunk';
import { LabError } from '../schema/errors';

export interface AcquiredDevice {
  readonly device: GPUDevice;
  readonly adapter: AdapterReport;
}

/**
 * Requests an adapter and a device from `gpu` (navigator.gpu in a browser or worker, Dawn's
 * `create()` in Node). Failures become LabErrors with a message a user can act on.
 * `onLost` fires whenever the device is lost, including destroy() (the lab never destroys its
 * own device; a test hook does, to simulate a loss).
 */
export async function acquireDevice(
  gpu: GPU | undefined,
  onLost?: (info: GPUDeviceLostInfo) => void,
): Promise<AcquiredDevice> {
  if (!gpu) {
    throw new LabError(
      'no-webgpu',
      'This browser has no WebGPU. Use a recent Chrome, Edge or Safari, or Firefox with WebGPU enabled.',
    );
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    throw new LabError(
      'no-adapter',
      'WebGPU is present but no GPU adapter was granted (it may be blocklisted or disabled). In Chromium, try --enable-unsafe-webgpu.',
    );
  }
  // Timestamps give the performance readout per kernel; subgroups speed up the fused path.
  const wanted: GPUFeatureName[] = ['timestamp-query', 'subgroups'];
  const device = await adapter.requestDevice({
    label: 'attention-lab',
    requiredFeatures: wanted.filter((f) => adapter.features.has(f)),
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  void device.lost.then((info) => onLost?.(info));
  const i = adapter.info;
  return {
    device,
    adapter: {
      backend: 'webgpu',
      vendor: i?.vendor ?? '',
      architecture: i?.architecture ?? '',
      description: i?.description ?? '',
      isFallbackAdapter: Boolean(
        (i as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ??
          (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter,
      ),
    },
  };
}
