import code from '../../../shaders/attnScores.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Output block side of shaders/attnScores.wgsl; 16×16 = 256 invocations, the WebGPU minimum limit. */
const TILE = 16;

/** S = scale · Q Kᵀ for one head. Q, K: [n, d] f32 storage; returns S: [n, n] (upper blocks unwritten). */
export class AttnScores {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<AttnScores> {
    return new AttnScores(await compileKernel(device, 'attnScores', code, { TILE }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    q: GPUBuffer,
    k: GPUBuffer,
    n: number,
    d: number,
    scale = 1 / Math.sqrt(d),
  ): GPUBuffer {
    const s = arena.storage('attnScores.S', n * n);
    const params = arena.uniform('attnScores.params', paramsOf(this.kernel, { n, d, scale }));
    const blocks = Math.ceil(n / TILE);
    dispatch(device, encoder, this.kernel, params, [q, k, s], [blocks, blocks]);
    return s;
  }
}
