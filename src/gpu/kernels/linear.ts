import code from '../../../shaders/linear.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Block side of shaders/linear.wgsl; 16×16 = 256 invocations, the WebGPU minimum limit. */
const TILE = 16;

/** How a weight buffer holds its elements: f32 bits, or binary16 pairs per u32 (packHalf). */
export type WeightStorage = 'f32' | 'f16';

/**
 * The bytes of binary16 weights as the shaders read them (two per u32, element 2k low), padded to
 * an even count; a Float32Array view of the same bytes so the arena's f32 upload carries them
 * unchanged (a same-type typed-array copy moves bytes, NaN payloads included).
 */
export function packHalf(bits: Uint16Array): Float32Array {
  const even = bits.length % 2 ? Uint16Array.from({ length: bits.length + 1 }, (_, i) => bits[i] ?? 0) : bits;
  return new Float32Array(even.buffer as ArrayBuffer, even.byteOffset, even.length / 2);
}

/**
 * Y [m, out] = X [m, in] · Wᵀ (+ b [out]) (+ R [m, out]), W [out, in] as PyTorch stores it, in f32
 * or packed f16 storage (two pipelines of one shader, WEIGHT_F16 = 0 / 1).
 */
export class Linear {
  private constructor(
    private readonly f32: CompiledKernel,
    private readonly f16: CompiledKernel,
  ) {}

  static async create(device: GPUDevice): Promise<Linear> {
    const [a, b] = await Promise.all([
      compileKernel(device, 'linear', code, { TILE, WEIGHT_F16: 0 }),
      compileKernel(device, 'linearF16', code, { TILE, WEIGHT_F16: 1 }),
    ]);
    return new Linear(a, b);
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
    const kernel = storage === 'f16' ? this.f16 : this.f32;
    const y = arena.storage(`${kernel.label}.Y`, m * outDim);
    const none = arena.storage(`${kernel.label}.none`, 1);
    const params = arena.uniform(`${kernel.label}.params`, paramsOf(kernel, { m, inDim, outDim, hasBias: opts.bias ? 1 : 0, hasResidual: opts.residual ? 1 : 0 }));
    dispatch(device, encoder, kernel, params, [x, w, opts.bias ?? none, opts.residual ?? none, y], [Math.ceil(outDim / TILE), Math.ceil(m / TILE)]);
    return y;
  }
}
