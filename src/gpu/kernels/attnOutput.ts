import code from '../../../shaders/attnOutput.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/**
 * Output block side of shaders/attnOutput.wgsl. 8×8 = 64 invocations keeps SwiftShader's
 * barriers cheap (one per key chunk), like the row kernels.
 */
const TILE = 8;

/** O = P · V for one head: P causal [n, n] (entries j > i never read), V [n, dv]; returns O [n, dv]. */
export class AttnOutput {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<AttnOutput> {
    return new AttnOutput(await compileKernel(device, 'attnOutput', code, { TILE }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    p: GPUBuffer,
    v: GPUBuffer,
    n: number,
    dv: number,
  ): GPUBuffer {
    const o = arena.storage('attnOutput.O', n * dv);
    const params = arena.uniform('attnOutput.params', paramsOf(this.kernel, { n, dv }));
    dispatch(device, encoder, this.kernel, params, [p, v, o], [Math.ceil(dv / TILE), Math.ceil(n / TILE)]);
    return o;
  }
}
