/**
 * Real language models in the lab: load GPT-2-style weights, run them on the GPU with
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
 *
 * Llama-family models (Llama, TinyLlama, SmolLM2, Qwen2/2.5, the lab's KJV Llama), by config.json:
 *
 *   const d = await fetchLlamaFiles(LLAMA_MODELS['smollm2-135m'].files, { onProgress, signal });
 *   const { model, tokenizer, bos } = await openLlama(d);          // config checked, weights as stored
 *   const ids = tokenizer.encode(text, bos);                         // the model's BOS rule
 *   const r = llamaForwardRef(model, ids, { maps: true, layers: true });  // float64 twin
 *   llamaHeadQkv(model.config, r.layers[l], h);                      // post-rotary q, k, v [n, d]
 *   weightForGpu(model.layers[l].q);     // the file's bytes + 'f32' | 'f16' | 'bf16' for linear.wgsl
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
export type { LabModel, LabModelConfig, Gpt2Model, Gpt2Config } from './model';
export { isLlama } from './model';
export { parseLlamaConfig, kvHeadOf, LLAMA_LIMITS } from './llamaConfig';
export type { LlamaConfig, RopeConfig, RopeScaling } from './llamaConfig';
export { loadLlama, weightF32, weightF16, weightAt, weightForGpu, llamaWeightBytes } from './llamaWeights';
export type { LlamaModel, LlamaLayerWeights, Weight, HalfWeight, GpuWeight, LlamaWeightSource } from './llamaWeights';
export { llamaForwardRef, llamaHeadQkv, checkLlamaTokens } from './llamaRef';
export type { LlamaForwardRefResult, LlamaLayerCapture, LlamaAttendHookRef, LlamaForwardRefOptions } from './llamaRef';
export { tokenizerFromJson, specialRule } from './hfTokenizer';
export type { HfTokenizer, SpecialRule } from './hfTokenizer';
export { fetchLlamaFiles, openLlama } from './hubLlama';
export type { FileProgress, FetchLlamaOptions, LlamaDownload, OpenedLlama } from './hubLlama';
