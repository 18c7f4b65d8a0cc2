import code from '../../../shaders/mapTiles.wgsl?raw';
import type { Region } from '../../reference/mapTiles';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

export type TileReduce = 'max' | 'mean';

/**
 * Reduces a region of P [n, n] (default: all of it) to [tr, tc] tiles of side `tile`
 * (tr = ⌈rows/tile⌉, tc = ⌈cols/tile⌉) by max or mean, before readback. For the whole map,
 * t = tr = tc.
 */
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
    region: Region = { r0: 0, c0: 0, rows: n, cols: n },
  ): { out: GPUBuffer; t: number; tr: number; tc: number } {
    const tr = Math.ceil(region.rows / tile);
    const tc = Math.ceil(region.cols / tile);
    const out = arena.storage('mapTiles.out', tr * tc);
    const params = arena.uniform(
      'mapTiles.params',
      paramsOf(this.kernel, { n, tile, tr, tc, reduce: reduce === 'max' ? 0 : 1, ...region }),
    );
    dispatch(device, encoder, this.kernel, params, [p, out], [Math.ceil(tc / 8), Math.ceil(tr / 8)]);
    return { out, t: tr, tr, tc };
  }
}
