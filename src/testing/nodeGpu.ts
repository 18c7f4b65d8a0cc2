/**
 * A real WebGPU device in Node: Dawn (npm `webgpu`) over a Vulkan driver; on machines without a
 * GPU that is Chromium's SwiftShader ICD. No adapter is a FAILURE, never a skip: CI has one.
 */
import { acquireDevice, type AcquiredDevice } from '../gpu/device';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let acquired: Promise<AcquiredDevice> | null = null;
/** Dawn's GPU instance must stay reachable: if it is garbage-collected, its device dies with it. */
let instance: GPU | null = null;

export function nodeDevice(): Promise<AcquiredDevice> {
  acquired ??= (async () => {
    process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    instance = create([]) as unknown as GPU;
    const got = await acquireDevice(instance);
    if (got.adapter.architecture === '' && got.adapter.vendor === '') {
      // Dawn's Null backend runs no shaders; refuse it rather than pass vacuously.
      const info = got.adapter;
      if (!info.isFallbackAdapter) throw new Error('Node WebGPU adapter reports no vendor/architecture');
    }
    return got;
  })();
  return acquired;
}
