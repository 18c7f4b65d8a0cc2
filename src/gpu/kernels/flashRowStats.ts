import code from '../../../shaders/flashRowStats.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';
import { FLASH_BLOCK, flashSource, hasSubgroups } from './flashCommon';

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
    heads = 1,
    scale = 1 / Math.sqrt(d),
  ): { lse: GPUBuffer; h: GPUBuffer } {
    const lse = arena.storage('flashRowStats.lse', heads * n);
    const h = arena.storage('flashRowStats.H', heads * n);
    const params = arena.uniform('flashRowStats.params', paramsOf(this.kernel, { n, d, scale }));
    dispatch(device, encoder, this.kernel, params, [q, k, lse, h], [Math.ceil(n / FLASH_BLOCK), 1, heads]);
    return { lse, h };
  }
}
