import code from '../../../shaders/rowThreshold.wgsl?raw';
import { withRowReduce } from './rowReduce';
import type { ThresholdRule } from '../../reference/rowThreshold';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations per row (see softmaxRows.ts for why 64). */
const WG = 64;

/**
 * Per-row threshold t [n] of a causal non-negative map P [n, n]: row i keeps
 * {j ≤ i : P_ij ≥ t_i}, and t_i is always an entry of row i. 32-step bisection on the bits of t,
 * one workgroup reduction per step. Rules as in the twin (reference/rowThreshold.ts):
 * 'topk' keeps the k largest, 'mass' the shortest descending run reaching ≥ gamma; ties at t are
 * kept. Feed t to MaskStats ('threshold') or TopkOverlap.
 */
export class RowThreshold {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<RowThreshold> {
    return new RowThreshold(await compileKernel(device, 'rowThreshold', withRowReduce(code), { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    p: GPUBuffer,
    n: number,
    rule: ThresholdRule,
  ): GPUBuffer {
    if (rule.mode === 'topk' && !(Number.isInteger(rule.k) && rule.k >= 1)) {
      throw new RangeError(`rowThreshold: k must be an integer ≥ 1, got ${rule.k}`);
    }
    if (rule.mode === 'mass' && !(rule.gamma > 0 && rule.gamma <= 1)) {
      throw new RangeError(`rowThreshold: gamma must be in (0, 1], got ${rule.gamma}`);
    }
    const t = arena.storage('rowThreshold.t', n);
    const values =
      rule.mode === 'topk'
        ? { n, mode: 0, k: rule.k, gamma: 0 }
        : { n, mode: 1, k: 0, gamma: rule.gamma };
    const params = arena.uniform('rowThreshold.params', paramsOf(this.kernel, values));
    dispatch(device, encoder, this.kernel, params, [p, t], [n]);
    return t;
  }
}
