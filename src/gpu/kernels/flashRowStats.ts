import code from '../../../shaders/flashRowStats.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';
import { FLASH_BLOCK, flashSource, hasSubgroups } from './flashCommon';

export interface FlashRowStatsOptions {
  /** Heads to process (grid z); Q and K are read from head `head0` on, outputs indexed from 0. */
  readonly heads?: number;
  readonly head0?: number;
  /** Also store the scaled scores s_ij (j ≤ i) here, [heads, n, n], for FlashColumns' fromP mode. */
  readonly scores?: GPUBuffer;
  readonly scale?: number;
}

/**
 * Pass 1 of the fused path: per causal row of each head, lse_i = ln Σ_{j≤i} e^{s_ij} and the
 * entropy H_i (nats), from Q, K [heads, n, d] without storing scores. Uses subgroup shuffles for
 * the final merge when the device has `subgroups` (falls back to workgroup memory otherwise, or
 * if that variant fails to compile).
 */
export class FlashRowStats {
  private constructor(
    private readonly kernel: CompiledKernel,
    /** True when the `subgroups` variant was compiled. */
    readonly usesSubgroups: boolean,
    /** Why the subgroup variant was not used although the device has `subgroups`. */
    readonly fallbackReason?: string,
  ) {}

  static async create(device: GPUDevice, opts: { subgroups?: boolean } = {}): Promise<FlashRowStats> {
    let fallbackReason: string | undefined;
    if ((opts.subgroups ?? true) && hasSubgroups(device)) {
      try {
        return new FlashRowStats(await compileKernel(device, 'flashRowStats', flashSource(code, 'subgroup')), true);
      } catch (e) {
        // A driver that advertises subgroups but rejects the variant still gets the fallback.
        fallbackReason = (e as Error).message;
      }
    }
    const kernel = await compileKernel(device, 'flashRowStats', flashSource(code, 'shared'));
    return new FlashRowStats(kernel, false, fallbackReason);
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    q: GPUBuffer,
    k: GPUBuffer,
    n: number,
    d: number,
    opts: FlashRowStatsOptions = {},
  ): { lse: GPUBuffer; h: GPUBuffer } {
    const heads = opts.heads ?? 1;
    const lse = arena.storage('flashRowStats.lse', heads * n);
    const h = arena.storage('flashRowStats.H', heads * n);
    const scores = opts.scores ?? arena.storage('flashRowStats.noScores', 4);
    const params = arena.uniform(
      'flashRowStats.params',
      paramsOf(this.kernel, {
        n,
        d,
        scale: opts.scale ?? 1 / Math.sqrt(d),
        write: opts.scores ? 1 : 0,
        head0: opts.head0 ?? 0,
      }),
    );
    dispatch(device, encoder, this.kernel, params, [q, k, lse, h, scores], [Math.ceil(n / FLASH_BLOCK), 1, heads]);
    return { lse, h };
  }
}
