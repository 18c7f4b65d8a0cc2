import code from '../../../shaders/headSplit.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

const WG = 64;

/** Which third of GPT-2's fused c_attn output: 0 = Q, 1 = K, 2 = V. */
export type QkvPart = 0 | 1 | 2;

/** One head's [n, hd] slice of QKV [n, 3D] (D = heads · hd). */
export class HeadSplit {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<HeadSplit> {
    return new HeadSplit(await compileKernel(device, 'headSplit', code, { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    qkv: GPUBuffer,
    n: number,
    d: number,
    hd: number,
    part: QkvPart,
    head: number,
  ): GPUBuffer {
    const out = arena.storage('headSplit.out', n * hd);
    const params = arena.uniform('headSplit.params', paramsOf(this.kernel, { n, d, hd, part, head }));
    dispatch(device, encoder, this.kernel, params, [qkv, out], [Math.ceil((n * hd) / WG)]);
    return out;
  }
}
