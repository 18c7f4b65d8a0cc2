import code from '../../../shaders/mapTiles.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

export type TileReduce = 'max' | 'mean';

/** Reduces P [n, n] to [t, t] tiles of side `tile` (t = ⌈n/tile⌉) by max or mean, before readback. */
export class MapTiles {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<MapTiles> {
    return new MapTiles(await compileKernel(device, 'mapTiles', code));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    p: GPUBuffer,
    n: number,
    tile: number,
    reduce: TileReduce,
  ): { out: GPUBuffer; t: number } {
    const t = Math.ceil(n / tile);
    const out = arena.storage('mapTiles.out', t * t);
    const params = arena.uniform(
      'mapTiles.params',
      paramsOf(this.kernel, { n, tile, t, reduce: reduce === 'max' ? 0 : 1 }),
    );
    const groups = Math.ceil(t / 8);
    dispatch(device, encoder, this.kernel, params, [p, out], [groups, groups]);
    return { out, t };
  }
}
