import code from '../../../shaders/keyMass.wgsl?raw';
import { withRowReduce } from './rowReduce';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations per row (see softmaxRows.ts for why 64). */
const WG = 64;

/** Per-row mass on a weighted key set: m [n] = P [n, n] · w [n] over the causal support. */
export class KeyMass {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<KeyMass> {
    return new KeyMass(await compileKernel(device, 'keyMass', withRowReduce(code), { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    p: GPUBuffer,
    w: GPUBuffer,
    n: number,
  ): GPUBuffer {
    const m = arena.storage('keyMass.m', n);
    const params = arena.uniform('keyMass.params', paramsOf(this.kernel, { n }));
    dispatch(device, encoder, this.kernel, params, [p, w, m], [n]);
    return m;
  }
}
