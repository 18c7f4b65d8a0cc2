import { LabError } from '../schema/errors';
import { countPass } from './counters';
import { activeProfiler } from './profiler';
import { packStruct, parseStruct, type StructField } from './uniforms';

/**
 * A compiled compute kernel: one WGSL file, its `main` entry point, its override constants,
 * and the layout of its `Params` uniform read from the source.
 */
export interface CompiledKernel {
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly params: readonly StructField[];
}

/** Compiles a WGSL kernel; compilation errors become a LabError naming the kernel and line. */
export async function compileKernel(
  device: GPUDevice,
  label: string,
  code: string,
  constants: Record<string, number> = {},
): Promise<CompiledKernel> {
  const module = device.createShaderModule({ label: `${label}.module`, code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length) {
    const text = errors.map((m) => `${label}.wgsl:${m.lineNum}:${m.linePos} ${m.message}`);
    throw new LabError('gpu-validation', `shader compilation failed: ${text.join('; ')}`);
  }
  try {
    const pipeline = await device.createComputePipelineAsync({
      label: `${label}.pipeline`,
      layout: 'auto',
      compute: { module, entryPoint: 'main', constants },
    });
    return { label, pipeline, params: parseStruct(code, 'Params') };
  } catch (e) {
    throw new LabError('gpu-validation', `pipeline ${label} failed: ${(e as Error).message}`);
  }
}

const ids = new WeakMap<GPUBuffer, number>();
let nextId = 1;
const idOf = (b: GPUBuffer): number => {
  let id = ids.get(b);
  if (id === undefined) ids.set(b, (id = nextId++));
  return id;
};

/** Bind groups per kernel by the identity of their buffers, most recent last (pooled buffers recur from run to run). */
const bindGroups = new WeakMap<CompiledKernel, Map<string, GPUBindGroup>>();
const BIND_GROUPS_PER_KERNEL = 512;

function bindGroupOf(device: GPUDevice, kernel: CompiledKernel, buffers: readonly GPUBuffer[]): GPUBindGroup {
  let cache = bindGroups.get(kernel);
  if (!cache) bindGroups.set(kernel, (cache = new Map()));
  const key = buffers.map(idOf).join(',');
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const bg = device.createBindGroup({
    label: `${kernel.label}.bindGroup`,
    layout: kernel.pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, k) => ({ binding: k, resource: { buffer } })),
  });
  cache.set(key, bg);
  if (cache.size > BIND_GROUPS_PER_KERNEL) cache.delete(cache.keys().next().value as string);
  return bg;
}

/** Records one dispatch of `kernel` with its params uniform and storage bindings 1…k. */
export function dispatch(
  device: GPUDevice,
  encoder: GPUCommandEncoder,
  kernel: CompiledKernel,
  params: GPUBuffer,
  storage: readonly GPUBuffer[],
  groups: readonly [number, number?, number?],
): void {
  const bindGroup = bindGroupOf(device, kernel, [params, ...storage]);
  countPass();
  const timestampWrites = activeProfiler(device)?.writes(kernel.label);
  const pass = encoder.beginComputePass({ label: `${kernel.label}.pass`, ...(timestampWrites ? { timestampWrites } : {}) });
  pass.setPipeline(kernel.pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(groups[0], groups[1] ?? 1, groups[2] ?? 1);
  pass.end();
}

/** Packs a kernel's Params uniform from named values. */
export function paramsOf(kernel: CompiledKernel, values: Record<string, number>): ArrayBuffer {
  return packStruct(kernel.params, values);
}
