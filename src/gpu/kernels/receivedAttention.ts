import code from '../../../shaders/receivedAttention.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Columns per workgroup: one invocation per key column, reads coalesced along each row. */
const WG = 64;

/**
 * Received attention α [n] of a causal map P [n, n]: α_j = (1/(n−j)) Σ_{i≥j} P_ij, the mean
 * attention key j gets from the queries that can see it (docs/methods.md "Received attention and sinks"; basis of ACT and Gu et al.).
 */
export class ReceivedAttention {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<ReceivedAttention> {
    return new ReceivedAttention(await compileKernel(device, 'receivedAttention', code, { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    p: GPUBuffer,
    n: number,
  ): GPUBuffer {
    const alpha = arena.storage('receivedAttention.alpha', n);
    const params = arena.uniform('receivedAttention.params', paramsOf(this.kernel, { n }));
    dispatch(device, encoder, this.kernel, params, [p, alpha], [Math.ceil(n / WG)]);
    return alpha;
  }
}
