import code from '../../../shaders/embedRows.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';
import { WEIGHT_FORMAT, type WeightStorage } from './linear';

const WG = 64;

/** Y [n, d] = E[tokens] from E [vocab, d] in f32, f16 or bf16 storage; tokens [n] as f32. */
export class EmbedRows {
  private constructor(private readonly kernels: Readonly<Record<WeightStorage, CompiledKernel>>) {}

  static async create(device: GPUDevice): Promise<EmbedRows> {
    const [f32, f16, bf16] = await Promise.all([
      compileKernel(device, 'embedRows', code, { WG, WEIGHT_FORMAT: WEIGHT_FORMAT.f32 }),
      compileKernel(device, 'embedRowsF16', code, { WG, WEIGHT_FORMAT: WEIGHT_FORMAT.f16 }),
      compileKernel(device, 'embedRowsBf16', code, { WG, WEIGHT_FORMAT: WEIGHT_FORMAT.bf16 }),
    ]);
    return new EmbedRows({ f32, f16, bf16 });
  }

  encode(device: GPUDevice, arena: GpuArena, encoder: GPUCommandEncoder, tokens: GPUBuffer, e: GPUBuffer, storage: WeightStorage, n: number, d: number, vocab: number): GPUBuffer {
    const kernel = this.kernels[storage];
    const y = arena.storage(`${kernel.label}.Y`, n * d);
    const params = arena.uniform(`${kernel.label}.params`, paramsOf(kernel, { n, d, vocab }));
    dispatch(device, encoder, kernel, params, [tokens, e, y], [Math.ceil(d / WG), n]);
    return y;
  }
}
