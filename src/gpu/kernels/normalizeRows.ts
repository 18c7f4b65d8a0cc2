import code from '../../../shaders/normalizeRows.wgsl?raw';
import { withRowReduce } from './rowReduce';
import { NORMALIZER_MODE, type Normalizer } from '../../reference/normalizeRows';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations per row (see softmaxRows.ts for why 64). */
const WG = 64;

/**
 * Causal softmax-off-by-one, sigmoid or softplus-ℓ1 of S [n, n] into a new A [n, n]
 * (reference/normalizeRows.ts states the formulas); masked entries are exactly 0.
 */
export class NormalizeRows {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<NormalizeRows> {
    return new NormalizeRows(await compileKernel(device, 'normalizeRows', withRowReduce(code), { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    s: GPUBuffer,
    n: number,
    norm: Normalizer,
  ): GPUBuffer {
    const a = arena.storage('normalizeRows.A', n * n);
    const values = {
      n,
      mode: NORMALIZER_MODE[norm.mode],
      bias: norm.mode === 'sigmoid' ? norm.bias : 0,
      lambdaScale: norm.mode === 'softplusL1' ? 1 / Math.log(norm.nRef) : 0,
      power: norm.mode === 'softplusL1' ? (norm.power ?? 1) : 1,
    };
    const params = arena.uniform('normalizeRows.params', paramsOf(this.kernel, values));
    dispatch(device, encoder, this.kernel, params, [s, a], [n]);
    return a;
  }
}
