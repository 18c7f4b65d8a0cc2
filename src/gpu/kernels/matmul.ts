import code from '../../../shaders/matmul.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Block side of shaders/matmul.wgsl; 16×16 = 256 invocations, the WebGPU minimum limit. */
const TILE = 16;

/** C [m, n] = A [m, k] · B [k, n], all row-major f32 storage (e.g. Q = X · W_Q). */
export class Matmul {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<Matmul> {
    return new Matmul(await compileKernel(device, 'matmul', code, { TILE }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    a: GPUBuffer,
    b: GPUBuffer,
    m: number,
    k: number,
    n: number,
  ): GPUBuffer {
    const c = arena.storage('matmul.C', m * n);
    const params = arena.uniform('matmul.params', paramsOf(this.kernel, { m, k, n }));
    dispatch(device, encoder, this.kernel, params, [a, b, c], [Math.ceil(n / TILE), Math.ceil(m / TILE)]);
    return c;
  }
}
