import code from '../../../shaders/linear.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Block side of shaders/linear.wgsl; 16×16 = 256 invocations, the WebGPU minimum limit. */
const TILE = 16;

/** How a weight buffer holds its elements: f32 bits, or two f16 / bf16 values per u32 (packHalf). */
export type WeightStorage = 'f32' | 'f16' | 'bf16';

/** WEIGHT_FORMAT of linear.wgsl and embedRows.wgsl for each storage. */
export const WEIGHT_FORMAT: Readonly<Record<WeightStorage, number>> = { f32: 0, f16: 1, bf16: 2 };

/**
 * The bytes of 16-bit weights (f16 or bf16 bit patterns) as the shaders read them, two per u32,
 * element 2k low: a Float32Array view of the same bytes, so the arena's f32 upload carries them
 * unchanged (a same-type typed-array copy moves bytes, NaN payloads included). No copy when the
 * count is even and the view is 4-byte aligned (a checkpoint's tensor usually is); else a padded copy.
 */
export function packHalf(bits: Uint16Array): Float32Array {
  const ok = bits.length % 2 === 0 && bits.byteOffset % 4 === 0;
  const even = ok ? bits : Uint16Array.from({ length: bits.length + (bits.length % 2) }, (_, i) => bits[i] ?? 0);
  return new Float32Array(even.buffer as ArrayBuffer, even.byteOffset, even.length / 2);
}

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
