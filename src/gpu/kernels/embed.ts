import code from '../../../shaders/embed.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations along the embedding. */
const WG = 64;

/** X [n, d] = wte[tokens] + wpe[0…n−1]; tokens [n] are ids stored as f32. */
export class Embed {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<Embed> {
    return new Embed(await compileKernel(device, 'embed', code, { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    tokens: GPUBuffer,
    wte: GPUBuffer,
    wpe: GPUBuffer,
    n: number,
    d: number,
    vocab: number,
  ): GPUBuffer {
    const x = arena.storage('embed.X', n * d);
    const params = arena.uniform('embed.params', paramsOf(this.kernel, { n, d, vocab }));
    dispatch(device, encoder, this.kernel, params, [tokens, wte, wpe, x], [Math.ceil(d / WG), n]);
    return x;
  }
}
