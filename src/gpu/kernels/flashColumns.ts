import code from '../../../shaders/flashColumns.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';
import { FLASH_BLOCK, FLASH_ROWS_PER_CHUNK, flashSource } from './flashCommon';

export interface FlashColumnsOptions {
  /** Heads to process (grid z); Q and K are read from head `head0` on; lse is indexed from 0. */
  readonly heads?: number;
  readonly head0?: number;
  /** Where to write P [heads, n, n]; omitted: P is never written (statistics-only path). */
  readonly p?: GPUBuffer;
  /** `p` already holds FlashRowStats' scores: normalise them in place instead of recomputing QKᵀ. */
  readonly fromP?: boolean;
  readonly scale?: number;
}

/**
 * Pass 2 of the fused path: P_ij = e^{s_ij − lse_i} recomputed tile by tile, its column sums per
 * chunk of FLASH_ROWS_PER_CHUNK rows (partial [heads, chunks, n], for FlashAlpha), and P itself
 * when a buffer is given.
 */
export class FlashColumns {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<FlashColumns> {
    return new FlashColumns(await compileKernel(device, 'flashColumns', flashSource(code, 'none')));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    q: GPUBuffer,
    k: GPUBuffer,
    lse: GPUBuffer,
    n: number,
    d: number,
    opts: FlashColumnsOptions = {},
  ): { partial: GPUBuffer; chunks: number } {
    const heads = opts.heads ?? 1;
    const chunks = Math.ceil(n / FLASH_ROWS_PER_CHUNK);
    const partial = arena.storage('flashColumns.partial', heads * chunks * n);
    const p = opts.p ?? arena.storage('flashColumns.noP', 4);
    const params = arena.uniform(
      'flashColumns.params',
      paramsOf(this.kernel, {
        n,
        d,
        scale: opts.scale ?? 1 / Math.sqrt(d),
        rowsPerChunk: FLASH_ROWS_PER_CHUNK,
        chunks,
        write: opts.p ? 1 : 0,
        head0: opts.head0 ?? 0,
        fromP: opts.p && opts.fromP ? 1 : 0,
      }),
    );
    dispatch(device, encoder, this.kernel, params, [q, k, lse, partial, p], [Math.ceil(n / FLASH_BLOCK), chunks, heads]);
    return { partial, chunks };
  }
}
