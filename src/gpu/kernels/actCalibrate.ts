import code from '../../../shaders/actCalibrate.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations per row (see softmaxRows.ts for why 64). */
const WG = 64;

/** P′ [n, n] (calibrated map) and s [n] (mass each row put on the calibrated keys). */
export interface ActCalibrateOut {
  readonly p: GPUBuffer;
  readonly s: GPUBuffer;
}

/**
 * ACT calibration of a causal map P [n, n] (docs/methods.md "ACT") given the calibrated-key indicator
 * w [n] (1 for keys in S) and β. `resetRow0` makes row 0 one-hot on key 0 (prefill, the code);
 * false leaves row 0 to the formula (decode rows that reuse a prefix's S).
 */
export class ActCalibrate {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<ActCalibrate> {
    return new ActCalibrate(await compileKernel(device, 'actCalibrate', code, { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    p: GPUBuffer,
    w: GPUBuffer,
    n: number,
    beta: number,
    resetRow0 = true,
  ): ActCalibrateOut {
    const out = arena.storage('actCalibrate.P', n * n);
    const s = arena.storage('actCalibrate.s', n);
    const params = arena.uniform('actCalibrate.params', paramsOf(this.kernel, { n, beta, resetRow0: resetRow0 ? 1 : 0 }));
    dispatch(device, encoder, this.kernel, params, [p, w, out, s], [n]);
    return { p: out, s };
  }
}
