import code from '../../../shaders/softmaxRows.wgsl?raw';
import { withRowReduce } from './rowReduce';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/**
 * Invocations per row. 64 keeps SwiftShader's slow workgroup barriers cheap and still fills a
 * real GPU's warp twice; rows are strided, so any n works.
 */
const WG = 64;

/** Causal masked softmax of S [heads, n, n] into a new P [heads, n, n] (one dispatch); masked entries are exactly 0. */
export class SoftmaxRows {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<SoftmaxRows> {
    return new SoftmaxRows(await compileKernel(device, 'softmaxRows', withRowReduce(code), { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    s: GPUBuffer,
    n: number,
    heads = 1,
  ): GPUBuffer {
    const p = arena.storage('softmaxRows.P', heads * n * n);
    const params = arena.uniform('softmaxRows.params', paramsOf(this.kernel, { n }));
    dispatch(device, encoder, this.kernel, params, [s, p], [n, heads]);
    return p;
  }
}
