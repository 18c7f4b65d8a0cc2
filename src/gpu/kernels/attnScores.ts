import code from '../../../shaders/attnScores.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Output block side of shaders/attnScores.wgsl; 16×16 = 256 invocations, the WebGPU minimum limit. */
const TILE = 16;

/**
 * S = scale · Q Kᵀ for one head, optionally times a per-row multiplier m [n] (S_ij = m_i · scale ·
 * q_i·k_j, the selective row temperature; applied before masking). Q, K: [n, d] f32 storage;
 * returns S: [n, n] (upper blocks unwritten).
 */
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
    rowScale?: GPUBuffer,
  ): GPUBuffer {
    const s = arena.storage('attnScores.S', n * n);
    const m = rowScale ?? arena.storage('attnScores.noRowScale', 1);
    const params = arena.uniform('attnScores.params', paramsOf(this.kernel, { n, d, scale, hasRowScale: rowScale ? 1 : 0 }));
    const blocks = Math.ceil(n / TILE);
    dispatch(device, encoder, this.kernel, params, [q, k, s, m], [blocks, blocks]);
    return s;
  }
}
