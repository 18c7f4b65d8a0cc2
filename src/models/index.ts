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
 *
 *   const tok = await tokenizerFor(model.config.tokenizer);   // GPT-2's BPE loads as its own chunk
 *   tok.encode(text, model.config.bos); tok.piece(id);          // ids; axis label of one token
 *   const bytes = await fetchModelBytes(url, { onProgress, signal });  // hub download, Cache API
 *   const dropped = await readDroppedFile(file, onProgress);           // the same, from a file
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
export { tokenizerFor, BYTE_BOS, GPT2_END_OF_TEXT } from './tokenizer';
export type { Tokenizer } from './tokenizer';
export { fetchModelBytes, readDroppedFile, browserCache, MODEL_CACHE_NAME, DEFAULT_MAX_BYTES, formatBytes } from './hub';
export type { ByteCache, DownloadProgress, FetchModelOptions, ReadFileOptions } from './hub';
