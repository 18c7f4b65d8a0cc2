import code from '../../../shaders/layerNorm.wgsl?raw';
import { withRowReduce } from './rowReduce';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations per row (as softmaxRows): cheap barriers on SwiftShader, two warps on a GPU. */
const WG = 64;

/** LayerNorm of each row of X [rows, d] with γ, β [d]; returns Y [rows, d]. */
export class LayerNorm {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<LayerNorm> {
    return new LayerNorm(await compileKernel(device, 'layerNorm', withRowReduce(code), { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    x: GPUBuffer,
    gamma: GPUBuffer,
    beta: GPUBuffer,
    rows: number,
    d: number,
    eps: number,
  ): GPUBuffer {
    const y = arena.storage('layerNorm.Y', rows * d);
    const params = arena.uniform('layerNorm.params', paramsOf(this.kernel, { rows, d, eps }));
    dispatch(device, encoder, this.kernel, params, [x, gamma, beta, y], [rows]);
    return y;
  }
}
