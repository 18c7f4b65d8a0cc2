import code from '../../../shaders/tokenLoss.wgsl?raw';
import type { GpuArena } from '../arena';
import { compileKernel, dispatch, paramsOf, type CompiledKernel } from '../pipeline';

/** Invocations per row. */
const WG = 64;
/** f32 per row of the output, as shaders/tokenLoss.wgsl writes them: loss, logZ, 5 ids, 5 probabilities. */
export const TOKEN_LOSS_STRIDE = 12;
export const TOKEN_LOSS_TOPK = 5;

/**
 * Per-token cross-entropy (nats; −1 where target < 0), log partition function and top-5 next
 * tokens of logits [n, V]. Returns OUT [n, 12].
 */
export class TokenLoss {
  private constructor(private readonly kernel: CompiledKernel) {}

  static async create(device: GPUDevice): Promise<TokenLoss> {
    return new TokenLoss(await compileKernel(device, 'tokenLoss', code, { WG }));
  }

  encode(
    device: GPUDevice,
    arena: GpuArena,
    encoder: GPUCommandEncoder,
    logits: GPUBuffer,
    targets: GPUBuffer,
    n: number,
    vocab: number,
  ): GPUBuffer {
    const out = arena.storage('tokenLoss.out', n * TOKEN_LOSS_STRIDE);
    const params = arena.uniform('tokenLoss.params', paramsOf(this.kernel, { n, vocab }));
    dispatch(device, encoder, this.kernel, params, [logits, targets, out], [n]);
    return out;
  }
}
