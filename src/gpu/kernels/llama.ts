/**
 * The kernels a Llama-family forward pass adds to the lab's set (docs/methods.md, "Llama-family
 * models"): RMSNorm, rotary embeddings, SwiGLU, nn.Linear against [out, in] weights (f32, f16 or
 * bf16 storage: a checkpoint's 16-bit bytes uploaded as they are), a row-gather embedding, and per-layer grouped-query scores and outputs
 * (every head of a layer in one dispatch). The causal softmax between scores and output is the
 * lab's own normaliser, shared with every method.
 *
 * One layer with fused projections (W = (H + 2H_kv)·d; concatRows in models/weightData.ts
 * stacks the weights), the order src/models/llamaRef.ts follows:
 *
 *   h   = rmsNorm(x, γ₁)                                  [n, D]
 *   qkv = linear(h, [W_q; W_k; W_v], bias [b_q; b_k; b_v]) [n, W]   (bias: Qwen2 only)
 *   rope(qkv, { n, stride: W, offset: 0, heads: H + H_kv, d })      Q and K in one dispatch
 *   S   = gqaScores(qkv, qkv, { n, d, heads: H, group: H/H_kv, qStride: W, qOffset: 0, kStride: W, kOffset: H·d })
 *   P   = causal softmax of each head's rows                          [H, n, n]
 *   O   = gqaOutput(P, qkv, { n, d, heads: H, group, vStride: W, vOffset: (H + H_kv)·d })   [n, H·d]
 *   x1  = linear(O, W_o, residual x)
 *   gu  = linear(rmsNorm(x1, γ₂), [W_gate; W_up])                    [n, 2F]
 *   x   = linear(swiglu(gu, gu, n, F, 2F, F), W_down, residual x1)
 *   logits = linear(rmsNorm(x, γ_f), lm_head or the embedding), then tokenLoss
 */
import { EmbedRows } from './embedRows';
import { GqaOutput } from './gqaOutput';
import { GqaScores } from './gqaScores';
import { Linear } from './linear';
import { RmsNorm } from './rmsNorm';
import { Rope } from './rope';
import { Swiglu } from './swiglu';

export { EmbedRows, GqaOutput, GqaScores, Linear, RmsNorm, Rope, Swiglu };
export { packHalf, type WeightStorage } from './linear';
export type { RopeLayout } from './rope';
export type { GqaValueLayout } from './gqaOutput';
export type { GqaLayout } from '../../reference/gqaScores';

export interface LlamaKernels {
  readonly device: GPUDevice;
  readonly rmsNorm: RmsNorm;
  readonly rope: Rope;
  readonly swiglu: Swiglu;
  readonly linear: Linear;
  readonly embedRows: EmbedRows;
  readonly gqaScores: GqaScores;
  readonly gqaOutput: GqaOutput;
}

export async function createLlamaKernels(device: GPUDevice): Promise<LlamaKernels> {
  const [rmsNorm, rope, swiglu, linear, embedRows, gqaScores, gqaOutput] = await Promise.all([
    RmsNorm.create(device), Rope.create(device), Swiglu.create(device), Linear.create(device),
    EmbedRows.create(device), GqaScores.create(device), GqaOutput.create(device),
  ]);
  return { device, rmsNorm, rope, swiglu, linear, embedRows, gqaScores, gqaOutput };
}
