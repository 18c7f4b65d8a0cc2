import code from '../../../shaders/flashAlpha.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Keys per workgroup. */
const WG = 64;

/** α [heads, n] from FlashColumns' per-chunk column sums: α_j = Σ_chunks partial / (n − j). */
export class FlashAlpha {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<FlashAlpha> {
    return new FlashAlpha(await compileKernel(device, 'flashAlpha', code, { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    partial: GPUBuffer,
    n: number,
    chunks: number,
    heads = 1,
  ): GPUBuffer {
    const alpha = arena.storage('flashAlpha.alpha', heads * n);
    const params = arena.uniform('flashAlpha.params', paramsOf(this.kernel, { n, chunks }));
    dispatch(device, encoder, this.kernel, params, [partial, alpha], [Math.ceil(n / WG), heads]);
    return alpha;
  }
}
