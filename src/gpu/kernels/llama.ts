/**
 * The kernels a Llama-family forward pass adds to the lab's set (docs/methods.md, "Llama-family
 * models"): RMSNorm, rotary embeddings, SwiGLU, nn.Linear against [out, in] weights (f32 or
 * packed-f16 storage), a row-gather embedding, and per-layer grouped-query scores and outputs
 * (every head of a layer in one dispatch). The causal softmax between scores and output is the
 * lab's own normaliser, shared with every method.
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
