import code from '../../../shaders/headMerge.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

const WG = 64;

/** Writes head `head`'s output O [n, hd] into its columns of Y [n, D] (Y is written in place). */
export class HeadMerge {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<HeadMerge> {
    return new HeadMerge(await compileKernel(device, 'headMerge', code, { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    o: GPUBuffer,
    y: GPUBuffer,
    n: number,
    d: number,
    hd: number,
    head: number,
  ): void {
    const params = arena.uniform('headMerge.params', paramsOf(this.kernel, { n, d, hd, head }));
    dispatch(device, encoder, this.kernel, params, [o, y], [Math.ceil((n * hd) / WG)]);
  }
}
