import code from '../../../shaders/embedRows.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';
import type { WeightStorage } from './linear';

const WG = 64;

/** Y [n, d] = E[tokens] from E [vocab, d] in f32 or packed f16 storage; tokens [n] as f32. */
export class EmbedRows {
  private constructor(
    private readonly f32: CompiledKernel,
    private readonly f16: CompiledKernel,
  ) {}

  static async create(device: GPUDevice): Promise<EmbedRows> {
    const [a, b] = await Promise.all([
      compileKernel(device, 'embedRows', code, { WG, WEIGHT_F16: 0 }),
      compileKernel(device, 'embedRowsF16', code, { WG, WEIGHT_F16: 1 }),
    ]);
    return new EmbedRows(a, b);
  }

  encode(device: GPUDevice, arena: GpuArena, encoder: GPUCommandEncoder, tokens: GPUBuffer, e: GPUBuffer, storage: WeightStorage, n: number, d: number, vocab: number): GPUBuffer {
    const kernel = storage === 'f16' ? this.f16 : this.f32;
    const y = arena.storage(`${kernel.label}.Y`, n * d);
    const params = arena.uniform(`${kernel.label}.params`, paramsOf(kernel, { n, d, vocab }));
    dispatch(device, encoder, kernel, params, [tokens, e, y], [Math.ceil(d / WG), n]);
    return y;
  }
}
