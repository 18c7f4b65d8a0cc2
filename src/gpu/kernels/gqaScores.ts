import code from '../../../shaders/gqaScores.wgsl?raw';
import type { GqaLayout } from '../../reference/gqaScores';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Block side of shaders/gqaScores.wgsl; 16×16 = 256 invocations, the WebGPU minimum limit. */
const TILE = 16;

/**
 * S [H, n, n] = scale · Q_h K_{g(h)}ᵀ (× row multiplier m [n]) for every query head of a layer in
 * one dispatch; heads read by stride (GqaLayout), g(h) = ⌊h / group⌋. Upper blocks unwritten.
 */
export class GqaScores {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<GqaScores> {
    return new GqaScores(await compileKernel(device, 'gqaScores', code, { TILE }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    q: GPUBuffer,
    k: GPUBuffer,
    l: GqaLayout,
    scale = 1 / Math.sqrt(l.d),
    rowScale?: GPUBuffer,
  ): GPUBuffer {
    const s = arena.storage('gqaScores.S', l.heads * l.n * l.n);
    const m = rowScale ?? arena.storage('gqaScores.noRowScale', 1);
    const params = arena.uniform('gqaScores.params', paramsOf(this.kernel, {
      n: l.n, d: l.d, group: l.group, qStride: l.qStride, qOffset: l.qOffset, kStride: l.kStride, kOffset: l.kOffset,
      scale, hasRowScale: rowScale ? 1 : 0,
    }));
    const blocks = Math.ceil(l.n / TILE);
    dispatch(device, encoder, this.kernel, params, [q, k, s, m], [blocks, blocks, l.heads]);
    return s;
  }
}
