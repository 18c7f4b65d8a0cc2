import code from '../../../shaders/biasAct.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations along a row. */
const WG = 64;

/**
 * Y = act(X + b) + R, X and R [rows, cols], b [cols]; act is GELU (tanh form, as GPT-2) when
 * `gelu`, else the identity; R is optional (the residual stream).
 */
export class BiasAct {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<BiasAct> {
    return new BiasAct(await compileKernel(device, 'biasAct', code, { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    x: GPUBuffer,
    b: GPUBuffer,
    rows: number,
    cols: number,
    opts: { gelu?: boolean; residual?: GPUBuffer } = {},
  ): GPUBuffer {
    const y = arena.storage('biasAct.Y', rows * cols);
    const r = opts.residual ?? arena.storage('biasAct.noResidual', 1);
    const params = arena.uniform(
      'biasAct.params',
      paramsOf(this.kernel, { rows, cols, gelu: opts.gelu ? 1 : 0, hasResidual: opts.residual ? 1 : 0 }),
    );
    dispatch(device, encoder, this.kernel, params, [x, b, r, y], [Math.ceil(cols / WG), rows]);
    return y;
  }
}
