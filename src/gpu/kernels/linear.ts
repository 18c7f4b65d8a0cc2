import code from '../../../shaders/linear.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';
import { WEIGHT_FORMAT, type WeightStorage } from './weightStorage';

/** Block side of shaders/linear.wgsl; 16×16 = 256 invocations, the WebGPU minimum limit. */
const TILE = 16;

export { WEIGHT_FORMAT, packHalf, type WeightStorage } from './weightStorage';

/**
 * Y [m, out] = X [m, in] · Wᵀ (+ b [out]) (+ R [m, out]), W [out, in] as PyTorch stores it, in
 * f32, f16 or bf16 storage (three pipelines of one shader, WEIGHT_FORMAT 0 / 1 / 2).
 */
export class Linear {
  private constructor(private readonly kernels: Readonly<Record<WeightStorage, CompiledKernel>>) {}

  static async create(device: GPUDevice): Promise<Linear> {
    const [f32, f16, bf16] = await Promise.all([
      compileKernel(device, 'linear', code, { TILE, WEIGHT_FORMAT: WEIGHT_FORMAT.f32 }),
      compileKernel(device, 'linearF16', code, { TILE, WEIGHT_FORMAT: WEIGHT_FORMAT.f16 }),
      compileKernel(device, 'linearBf16', code, { TILE, WEIGHT_FORMAT: WEIGHT_FORMAT.bf16 }),
    ]);
    return new Linear({ f32, f16, bf16 });
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    x: GPUBuffer,
    w: GPUBuffer,
    storage: WeightStorage,
    m: number,
    inDim: number,
    outDim: number,
    opts: { readonly bias?: GPUBuffer; readonly residual?: GPUBuffer } = {},
  ): GPUBuffer {
    const kernel = this.kernels[storage];
    const y = arena.storage(`${kernel.label}.Y`, m * outDim);
    const none = arena.storage(`${kernel.label}.none`, 1);
    const params = arena.uniform(`${kernel.label}.params`, paramsOf(kernel, { m, inDim, outDim, hasBias: opts.bias ? 1 : 0, hasResidual: opts.residual ? 1 : 0 }));
    dispatch(device, encoder, kernel, params, [x, w, opts.bias ?? none, opts.residual ?? none, y], [Math.ceil(outDim / TILE), Math.ceil(m / TILE)]);
    return y;
  }
}
