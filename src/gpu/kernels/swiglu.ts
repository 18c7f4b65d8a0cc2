import code from '../../../shaders/swiglu.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';
import { flatGrid } from './elementwise';

const WG = 64;

/**
 * H [rows, cols] = silu(G) · U, G and U read by stride: separate [rows, cols] buffers (stride =
 * cols, upOffset 0) or one fused [rows, 2·cols] gate|up buffer passed twice (upOffset = cols).
 */
export class Swiglu {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<Swiglu> {
    return new Swiglu(await compileKernel(device, 'swiglu', code, { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    g: GPUBuffer,
    u: GPUBuffer,
    rows: number,
    cols: number,
    stride = cols,
    upOffset = 0,
  ): GPUBuffer {
    const h = arena.storage('swiglu.H', rows * cols);
    const { groups, rowGroups } = flatGrid(rows * cols, WG);
    const params = arena.uniform('swiglu.params', paramsOf(this.kernel, { rows, cols, stride, upOffset, rowGroups }));
    dispatch(device, encoder, this.kernel, params, [g, u, h], groups);
    return h;
  }
}
