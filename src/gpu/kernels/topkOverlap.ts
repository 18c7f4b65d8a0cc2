import code from '../../../shaders/topkOverlap.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations per row (see softmaxRows.ts for why 64). */
const WG = 64;

/**
 * Per-row top-k overlap [n] = |K_A ∩ K_B| / |K_A| in [0, 1], where K_X = {j ≤ i : X_ij ≥ tX_i}
 * and tA, tB [n] come from RowThreshold on A and B [n, n] (usually the same 'topk' rule).
 */
export class TopkOverlap {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<TopkOverlap> {
    return new TopkOverlap(await compileKernel(device, 'topkOverlap', code, { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    a: GPUBuffer,
    b: GPUBuffer,
    tA: GPUBuffer,
    tB: GPUBuffer,
    n: number,
  ): GPUBuffer {
    const overlap = arena.storage('topkOverlap.overlap', n);
    const params = arena.uniform('topkOverlap.params', paramsOf(this.kernel, { n }));
    dispatch(device, encoder, this.kernel, params, [a, b, tA, tB, overlap], [n]);
    return overlap;
  }
}
