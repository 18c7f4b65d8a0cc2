import code from '../../../shaders/rowDistance.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations per row (see softmaxRows.ts for why 64). */
const WG = 64;

/** Per-row Euclidean distance dist [n] = ‖X_i − Y_i‖₂ of X, Y [n, m] (e.g. ‖O′ − O‖ per query). */
export class RowDistance {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<RowDistance> {
    return new RowDistance(await compileKernel(device, 'rowDistance', code, { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    x: GPUBuffer,
    y: GPUBuffer,
    n: number,
    m: number,
  ): GPUBuffer {
    const dist = arena.storage('rowDistance.dist', n);
    const params = arena.uniform('rowDistance.params', paramsOf(this.kernel, { n, m }));
    dispatch(device, encoder, this.kernel, params, [x, y, dist], [n]);
    return dist;
  }
}
