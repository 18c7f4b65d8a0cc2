import code from '../../../shaders/gqaOutput.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Block side of shaders/gqaOutput.wgsl. */
const TILE = 16;

/** Where V's heads sit: V[j · vStride + vOffset + g · d + c] for K/V head g. */
export interface GqaValueLayout {
  readonly n: number;
  readonly d: number;
  readonly heads: number;
  readonly group: number;
  readonly vStride: number;
  readonly vOffset: number;
}

/** O [n, H·d] = P_h · V_{g(h)} for every query head of a layer in one dispatch, merged by head. */
export class GqaOutput {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<GqaOutput> {
    return new GqaOutput(await compileKernel(device, 'gqaOutput', code, { TILE }));
  }

  encode(device: GPUDevice, arena: GpuArena, encoder: GPUCommandEncoder, p: GPUBuffer, v: GPUBuffer, l: GqaValueLayout): GPUBuffer {
    const o = arena.storage('gqaOutput.O', l.n * l.heads * l.d);
    const params = arena.uniform('gqaOutput.params', paramsOf(this.kernel, { ...l }));
    dispatch(device, encoder, this.kernel, params, [p, v, o], [Math.ceil(l.d / TILE), Math.ceil(l.n / TILE), l.heads]);
    return o;
  }
}
