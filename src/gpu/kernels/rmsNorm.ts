import code from '../../../shaders/rmsNorm.wgsl?raw';
import { withRowReduce } from './rowReduce';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations per row (as layerNorm): cheap barriers on SwiftShader, two warps on a GPU. */
const WG = 64;

/** RMSNorm of each row of X [rows, d] with γ [d]; returns Y [rows, d]. */
export class RmsNorm {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<RmsNorm> {
    return new RmsNorm(await compileKernel(device, 'rmsNorm', withRowReduce(code), { WG }));
  }

  encode(device: GPUDevice, arena: GpuArena, encoder: GPUCommandEncoder, x: GPUBuffer, gamma: GPUBuffer, rows: number, d: number, eps: number): GPUBuffer {
    const y = arena.storage('rmsNorm.Y', rows * d);
    const params = arena.uniform('rmsNorm.params', paramsOf(this.kernel, { rows, d, eps }));
    dispatch(device, encoder, this.kernel, params, [x, gamma, y], [rows]);
    return y;
  }
}
