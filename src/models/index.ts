/**
 * Real language models in the lab (issue 5): load GPT-2-style weights, run them on the GPU with
 * the lab's WGSL kernels, and read back per-token loss, next-token predictions and each head's
 * Q, K, V and attention map.
 *
 *   const model = loadModel(bytes);                       // safetensors, fp32/fp16/bf16, validated
 *   const kernels = await createModelKernels(device);     // or (device, engineKernels) to share
 *   const gm = uploadModel(device, model);                // weights on the GPU; gm.destroy()
 *   const r = await forward(kernels, gm, byteTokens('In the beginning', model.config.bos));
 *   r.loss; r.meanLoss; r.top.ids / r.top.probs;          // [n], [n, 5]
 *   const { q, k, v } = await r.captureQKV(layer, head);  // [n, hd] each
 *   const p = await r.attention(layer, head);             // [n, n], causal, with the row temperature
 *   r.dispose();
 *
 * forwardRef(model, tokens, { maps }) is the float64 CPU twin (and the no-WebGPU fallback);
 * readNpy / readTensorFile / checkQkv import your own tensors.
 */
export { loadModel, byteTokens, MODEL_LIMITS } from './model';
export type { Model, ModelConfig, LayerWeights, LoadOptions, TokenizerKind } from './model';
export { createModelKernels, uploadModel, forward, positionTemperature, checkTokens } from './forward';
export type { ModelKernels, GpuModel, ForwardOptions, ForwardResult } from './forward';
export { forwardRef, alpha0 } from './forwardRef';
export type { ForwardRefResult } from './forwardRef';
export { parseSafetensors, tensorF32, writeSafetensors } from './safetensors';
export type { SafetensorsFile, StEntry, StDtype } from './safetensors';
export { readNpy, writeNpy } from './npy';
export { readTensorFile, checkQkv } from './importTensors';
