import { existsSync, readdirSync } from 'node:fs';
import { acquireDevice } from '../gpu/device';
import { createKernels } from '../gpu/kernels';
import { CPU_MAX_SEQ, runExperimentCpu } from '../engine/cpuRun';
import { runExperiment, type RunContext } from '../engine/run';
import type { AdapterReport } from '../schema/chunk';
import type { Experiment } from '../schema/experiment';
import type { RunPlan } from '../schema/plan';
import type { DeviceChoice } from './args';
import { oneLine, runtimeError } from './errors';

/**
 * Where the command line computes: a WebGPU adapter through Dawn (npm `webgpu`) — a real GPU when
 * the system's Vulkan drivers offer one, else Chromium's SwiftShader ICD (a CPU Vulkan) — or the
 * float64 CPU twin engine. The choice is printed on stderr so numbers can be traced to a device.
 */

/** Chromium's SwiftShader Vulkan driver on Debian (the same one the tests use). */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface Engine {
  readonly adapter: AdapterReport;
  /** One line for stderr: what computes, and why. */
  readonly describe: string;
  run(exp: Experiment, plan: RunPlan, ctx: RunContext): Promise<void>;
  dispose(): void;
}

/**
 * Dawn's GPU instances must stay reachable while their devices live: if one is garbage-collected,
 * its device dies with it (see src/testing/nodeGpu.ts).
 */
const instances: GPU[] = [];

/** A software rasteriser: SwiftShader, llvmpipe/lavapipe, or an adapter that says it is a fallback. */
export function isSoftware(a: AdapterReport): boolean {
  return a.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe|software/i.test(`${a.architecture} ${a.description}`);
}

async function dawnAdapter(): Promise<{ adapter: GPUAdapter; gpu: GPU } | null> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]) as unknown as GPU;
  instances.push(gpu);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  return adapter ? { adapter, gpu } : null;
}

/**
 * Whether this machine may have a hardware GPU. On Linux without /dev/dri render nodes or
 * /dev/nvidia0 there is none, so the system's Vulkan drivers are not probed (they only print
 * warnings); elsewhere, and when VK_ICD_FILENAMES names drivers, they are.
 */
function mayHaveGpu(): boolean {
  if (process.platform !== 'linux' || process.env.VK_ICD_FILENAMES) return true;
  const dri = existsSync('/dev/dri') ? readdirSync('/dev/dri').some((f) => f.startsWith('renderD')) : false;
  return dri || existsSync('/dev/nvidia0');
}

/** Dawn with the system's Vulkan drivers; then, without a hardware adapter, with SwiftShader. */
async function gpuEngine(): Promise<Engine> {
  let found = mayHaveGpu() ? await dawnAdapter() : null;
  const info = found?.adapter.info;
  const soft = !found || Boolean(info && (/swiftshader|llvmpipe|lavapipe/i.test(`${info.architecture} ${info.description}`)));
  if (soft && process.env.VK_ICD_FILENAMES !== SWIFTSHADER_ICD && existsSync(SWIFTSHADER_ICD)) {
    // The Vulkan loader reads VK_ICD_FILENAMES when an instance is created, so a second Dawn
    // instance sees SwiftShader.
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    found = (await dawnAdapter()) ?? found;
  }
  if (!found) throw runtimeError(`no WebGPU adapter: Dawn found no Vulkan device (install Chromium for SwiftShader at ${SWIFTSHADER_ICD}, or use --device cpu)`);
  // acquireDevice asks the same instance again, with the features and limits the lab wants.
  const { device, adapter } = await acquireDevice(found.gpu);
  const kernels = await createKernels(device);
  const kind = isSoftware(adapter) ? 'software' : 'hardware';
  return {
    adapter,
    describe: `device: WebGPU (Dawn), ${kind} adapter: ${adapter.vendor || '?'} ${adapter.architecture || '?'} (${adapter.description || 'no description'}), isFallbackAdapter=${adapter.isFallbackAdapter}`,
    run: (exp, plan, ctx) => runExperiment(kernels, exp, plan, ctx),
    dispose: () => device.destroy(),
  };
}

function cpuEngine(why: string): Engine {
  return {
    adapter: { backend: 'cpu', vendor: '', architecture: '', description: 'float64 CPU twin engine', isFallbackAdapter: false },
    describe: `device: CPU twin engine (float64, N ≤ ${CPU_MAX_SEQ})${why ? `: ${why}` : ''}`,
    run: (exp, plan, ctx) => {
      // Model sources: runModelCpu checks the token count itself.
      if (exp.source.kind === 'synthetic' && exp.source.seqLen > CPU_MAX_SEQ) {
        throw runtimeError(`the CPU engine is limited to N ≤ ${CPU_MAX_SEQ} tokens (this experiment has ${exp.source.seqLen}); use --device gpu`);
      }
      return runExperimentCpu(exp, plan, ctx);
    },
    dispose: () => {},
  };
}

/** Opens the engine the user asked for; `auto` falls back from WebGPU to the CPU twin and says why. */
export async function openEngine(choice: DeviceChoice): Promise<Engine> {
  if (choice === 'cpu') return cpuEngine('');
  try {
    return await gpuEngine();
  } catch (e) {
    if (choice === 'gpu') throw e instanceof Error && e.name === 'CliError' ? e : runtimeError(`--device gpu: ${oneLine(e)}`);
    return cpuEngine(`no WebGPU (${oneLine(e)})`);
  }
}
