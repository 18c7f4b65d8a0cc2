import code from '../../../shaders/flashTiles.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';
import type { TileReduce } from './mapTiles';

/**
 * The on-screen map [t, t] (t = ⌈n/tile⌉) of each head from Q, K and flashRowStats' lse, by max or
 * mean over tile×tile blocks, without the [n, n] map: memory is O(heads · (n·d + t²)).
 */
export class FlashTiles {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<FlashTiles> {
    return new FlashTiles(await compileKernel(device, 'flashTiles', code));
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
    tile: number,
    reduce: TileReduce,
    heads = 1,
    scale = 1 / Math.sqrt(d),
  ): { out: GPUBuffer; t: number } {
    const t = Math.ceil(n / tile);
    const out = arena.storage('flashTiles.out', heads * t * t);
    const params = arena.uniform(
      'flashTiles.params',
      paramsOf(this.kernel, { n, d, scale, tile, t, reduce: reduce === 'max' ? 0 : 1 }),
    );
    const groups = Math.ceil(t / 8);
    dispatch(device, encoder, this.kernel, params, [q, k, lse, out], [groups, groups, heads]);
    return { out, t };
  }
}
