import code from '../../../shaders/rowRenorm.wgsl?raw';
import { withRowReduce } from './rowReduce';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations per row (see softmaxRows.ts for why 64). */
const WG = 64;

/** P [n, n] with each causal row divided by its sum (0-sum rows → 0), into a new [n, n]. */
export class RowRenorm {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<RowRenorm> {
    return new RowRenorm(await compileKernel(device, 'rowRenorm', withRowReduce(code), { WG }));
  }

  encode(device: GPUDevice, arena: GpuArena, encoder: GPUCommandEncoder, p: GPUBuffer, n: number): GPUBuffer {
    const out = arena.storage('rowRenorm.P', n * n);
    const params = arena.uniform('rowRenorm.params', paramsOf(this.kernel, { n }));
    dispatch(device, encoder, this.kernel, params, [p, out], [n]);
    return out;
  }
}
