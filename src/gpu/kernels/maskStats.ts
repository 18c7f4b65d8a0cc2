import code from '../../../shaders/maskStats.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations per row (see softmaxRows.ts for why 64). */
const WG = 64;

/**
 * A sparsity mask, always intersected with the causal support j ≤ i:
 * - 'threshold': keep P_ij ≥ t_i, t [n] from RowThreshold (ties kept);
 * - 'window': keep j < sinks or i − j < window (StreamingLLM; window ≥ 1, sinks ≥ 0);
 * - 'block': keep where blockMask[⌊i/block⌋, ⌊j/block⌋] ≠ 0, blockMask u32 [nb, nb] row-major
 *   with nb = ⌈n/block⌉ (a Uint32Array is uploaded here; a GPUBuffer is bound as is).
 */
export type GpuMask =
  | { readonly mode: 'threshold'; readonly t: GPUBuffer }
  | { readonly mode: 'window'; readonly window: number; readonly sinks: number }
  | { readonly mode: 'block'; readonly block: number; readonly blockMask: Uint32Array | GPUBuffer };

/** Outputs, each f32: kept count [n], retained mass [n], and the 0/1 mask [n, n] when asked for. */
export interface MaskStatsOut {
  readonly kept: GPUBuffer;
  readonly retained: GPUBuffer;
  readonly map?: GPUBuffer;
}

function uploadU32(arena: GpuArena, label: string, data: Uint32Array): GPUBuffer {
  const b = arena.buffer({
    label,
    size: Math.max(16, data.byteLength),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    mappedAtCreation: true,
  });
  new Uint32Array(b.getMappedRange(0, data.byteLength)).set(data);
  b.unmap();
  return b;
}

const isCount = (x: number, min: number) => Number.isInteger(x) && x >= min;

/** The mode-dependent Params fields; throws RangeError on a malformed mask. */
function modeParams(mask: GpuMask, n: number) {
  const base = { mode: 0, window: 0, sinks: 0, block: 1, nb: 0 };
  if (mask.mode === 'threshold') return base;
  if (mask.mode === 'window') {
    if (!isCount(mask.window, 1) || !isCount(mask.sinks, 0)) {
      throw new RangeError(`maskStats: need integer window ≥ 1 and sinks ≥ 0, got ${mask.window}, ${mask.sinks}`);
    }
    return { ...base, mode: 1, window: mask.window, sinks: mask.sinks };
  }
  if (!isCount(mask.block, 1)) throw new RangeError(`maskStats: block must be an integer ≥ 1, got ${mask.block}`);
  const nb = Math.ceil(n / mask.block);
  if (mask.blockMask instanceof Uint32Array && mask.blockMask.length !== nb * nb) {
    throw new RangeError(`maskStats: blockMask has ${mask.blockMask.length} entries, want ${nb}² = ${nb * nb}`);
  }
  return { ...base, mode: 2, block: mask.block, nb };
}

/**
 * Per-row statistics of a mask M over a causal map P [n, n]: kept_i = |M_i| and retained mass
 * R_i = Σ_{j∈M_i} P_ij (docs/methods.md "Order of operations"). With `{ map: true }` also writes M as 0/1 f32 [n, n], which
 * MapTiles ('mean') reduces to the kept fraction per tile.
 */
export class MaskStats {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<MaskStats> {
    return new MaskStats(await compileKernel(device, 'maskStats', code, { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    p: GPUBuffer,
    n: number,
    mask: GpuMask,
    opts: { readonly map?: boolean } = {},
  ): MaskStatsOut {
    const dummy = (what: string) => arena.storage(`maskStats.unused.${what}`, 4);
    const values = { n, writeMap: opts.map ? 1 : 0, ...modeParams(mask, n) };
    const t = mask.mode === 'threshold' ? mask.t : dummy('t');
    const blockMask =
      mask.mode !== 'block'
        ? dummy('blockMask')
        : mask.blockMask instanceof Uint32Array
          ? uploadU32(arena, 'maskStats.blockMask', mask.blockMask)
          : mask.blockMask;
    const kept = arena.storage('maskStats.kept', n);
    const retained = arena.storage('maskStats.retained', n);
    const map = opts.map ? arena.storage('maskStats.map', n * n) : dummy('map');
    const params = arena.uniform('maskStats.params', paramsOf(this.kernel, values));
    dispatch(device, encoder, this.kernel, params, [p, t, blockMask, kept, retained, map], [n]);
    return opts.map ? { kept, retained, map } : { kept, retained };
  }
}
