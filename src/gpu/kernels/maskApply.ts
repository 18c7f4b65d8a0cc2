import code from '../../../shaders/maskApply.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** P_M [n, n] = M ⊙ P / R row-wise: the map renormalised over a mask (maskStats gives M and R). */
export class MaskApply {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<MaskApply> {
    return new MaskApply(await compileKernel(device, 'maskApply', code));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    p: GPUBuffer,
    m: GPUBuffer,
    r: GPUBuffer,
    n: number,
  ): GPUBuffer {
    const pm = arena.storage('maskApply.PM', n * n);
    const params = arena.uniform('maskApply.params', paramsOf(this.kernel, { n }));
    const g = Math.ceil(n / 8);
    dispatch(device, encoder, this.kernel, params, [p, m, r, pm], [g, g]);
    return pm;
  }
}
