import code from '../../../shaders/rowEntropy.wgsl?raw';
import { withRowReduce } from './rowReduce';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations per row (see softmaxRows.ts for why 64). */
const WG = 64;

/** Row entropy H [n] (nats) of a probability map P [n, n]. */
export class RowEntropy {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<RowEntropy> {
    return new RowEntropy(await compileKernel(device, 'rowEntropy', withRowReduce(code), { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    p: GPUBuffer,
    n: number,
  ): GPUBuffer {
    const h = arena.storage('rowEntropy.H', n);
    const params = arena.uniform('rowEntropy.params', paramsOf(this.kernel, { n }));
    dispatch(device, encoder, this.kernel, params, [p, h], [n]);
    return h;
  }
}
