import code from '../../../shaders/matmul.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Output block of shaders/matmul.wgsl: 64 columns × 16·RM rows (16×16 invocations, RM×4 entries each). */
const BLOCK = 64;
/** Products of at most this many rows use RM = 1 (16-row blocks): 64-row blocks would mostly compute padding. */
const SHORT = 32;

/**
 * A strided view of a batch of matrices in one f32 buffer: entry (r, c) of batch z is at
 * `off + z · batch + r · ld + c` (or `c · ld + r` for a transposed B).
 */
export interface MatView {
  readonly buffer: GPUBuffer;
  readonly ld: number;
  readonly off?: number;
  readonly batch?: number;
}

/** Options of a batched product: `batches` products, each C = scale · m_i · A · B(ᵀ). */
export interface BatchedProduct {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly batches?: number;
  /** B is read transposed (its rows are the columns of the product: Q Kᵀ). */
  readonly transB?: boolean;
  readonly scale?: number;
  /** Per-row multiplier m [m] applied after `scale`. */
  readonly rowScale?: GPUBuffer;
  /** 'skip-upper': output blocks above the diagonal are not written; 'lower-k': inner dimension stops at row + 1 (P causal). */
  readonly causal?: 'skip-upper' | 'lower-k';
}

/** C [m, n] = A [m, k] · B [k, n], all row-major f32 storage (e.g. Q = X · W_Q); also batched, strided views. */
export class Matmul {
  private constructor(private readonly kernels: readonly CompiledKernel[]) {}

  static async create(device: GPUDevice): Promise<Matmul> {
    // [plain, Bᵀ] × [RM = 4, RM = 1]
    return new Matmul([
      await compileKernel(device, 'matmul', code, { TRANS_B: 0, RM: 4 }),
      await compileKernel(device, 'matmulBt', code, { TRANS_B: 1, RM: 4 }),
      await compileKernel(device, 'matmul', code, { TRANS_B: 0, RM: 1 }),
      await compileKernel(device, 'matmulBt', code, { TRANS_B: 1, RM: 1 }),
    ]);
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
    this.encodeInto(device, arena, encoder, { buffer: a, ld: k }, { buffer: b, ld: n }, { buffer: c, ld: n }, { m, k, n });
    return c;
  }

  /** Records C = scale · A · B(ᵀ) over `batches` strided views (one dispatch, every batch). */
  encodeInto(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    a: MatView,
    b: MatView,
    c: MatView,
    p: BatchedProduct,
  ): void {
    const short = p.m <= SHORT;
    const kernel = this.kernels[(p.transB ? 1 : 0) + (short ? 2 : 0)] as CompiledKernel;
    const params = arena.uniform(`${kernel.label}.params`, paramsOf(kernel, {
      m: p.m, k: p.k, n: p.n, lda: a.ld, ldb: b.ld, ldc: c.ld,
      aOff: a.off ?? 0, bOff: b.off ?? 0, cOff: c.off ?? 0, aBatch: a.batch ?? 0, bBatch: b.batch ?? 0, cBatch: c.batch ?? 0,
      scale: p.scale ?? 1, hasRowScale: p.rowScale ? 1 : 0, causal: p.causal === 'skip-upper' ? 1 : p.causal === 'lower-k' ? 2 : 0,
    }));
    const m = p.rowScale ?? arena.storage('matmul.noRowScale', 1);
    dispatch(device, encoder, kernel, params, [a.buffer, b.buffer, c.buffer, m], [Math.ceil(p.n / BLOCK), Math.ceil(p.m / (short ? 16 : BLOCK)), p.batches ?? 1]);
  }
}
