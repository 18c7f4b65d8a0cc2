import code from '../../../shaders/rowDivergence.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations per row (see softmaxRows.ts for why 64). */
const WG = 64;

/**
 * Per-row divergences of a method map B from a baseline A (both causal [n, n], rows summing
 * to 1), in nats over j ≤ i: kl [n] = KL(A‖B), f32 +Infinity where some B_ij = 0 < A_ij;
 * js [n] = Jensen–Shannon divergence, finite, in [0, ln 2] (the JS distance is √js).
 */
export class RowDivergence {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<RowDivergence> {
    return new RowDivergence(await compileKernel(device, 'rowDivergence', code, { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    a: GPUBuffer,
    b: GPUBuffer,
    n: number,
  ): { kl: GPUBuffer; js: GPUBuffer } {
    const kl = arena.storage('rowDivergence.kl', n);
    const js = arena.storage('rowDivergence.js', n);
    const params = arena.uniform('rowDivergence.params', paramsOf(this.kernel, { n }));
    dispatch(device, encoder, this.kernel, params, [a, b, kl, js], [n]);
    return { kl, js };
  }
}
