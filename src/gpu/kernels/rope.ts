import code from '../../../shaders/rope.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';
import { flatGrid } from './elementwise';

const WG = 64;

/** Where the heads to rotate sit in a row-major [n, stride] buffer. */
export interface RopeLayout {
  readonly n: number;
  readonly stride: number;
  /** Column of head 0's first entry. */
  readonly offset: number;
  readonly heads: number;
  /** Per-head width d (even). */
  readonly d: number;
}

/**
 * Rotary embeddings in place (HF rotate_half layout) on `heads` heads of X [n, stride] from
 * column `offset`, with cos/sin tables [≥ n, d/2] (src/reference/rope.ts: ropeTables). Q and K
 * of a fused Q|K|V buffer are one call (heads = H + H_kv, offset 0).
 */
export class Rope {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<Rope> {
    return new Rope(await compileKernel(device, 'rope', code, { WG }));
  }

  encode(device: GPUDevice, arena: GpuArena, encoder: GPUCommandEncoder, x: GPUBuffer, cos: GPUBuffer, sin: GPUBuffer, l: RopeLayout): void {
    const { groups, rowGroups } = flatGrid(l.n * l.heads * (l.d / 2), WG);
    const params = arena.uniform('rope.params', paramsOf(this.kernel, { n: l.n, stride: l.stride, offset: l.offset, heads: l.heads, d: l.d, rowGroups }));
    dispatch(device, encoder, this.kernel, params, [x, cos, sin], groups);
  }
}
