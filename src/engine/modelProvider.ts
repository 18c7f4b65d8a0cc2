/**
 * How the engine gets a language model without knowing where it comes from: the worker fetches
 * shipped files from its origin and hub files from Hugging Face (with progress and a cache); the
 * CLI reads public/models/ from disk. The engine only asks for a model by id and tokenizes with it.
 */
import type { ModelId } from '../schema/models';
import { createModelKernels, uploadModel, type GpuModel, type ModelKernels } from '../models/forward';
import type { Model } from '../models/model';
import type { LlamaModel } from '../models/llamaWeights';
import type { Kernels } from '../gpu/kernels';

/** Text ⇄ tokens for one model (src/models/tokenizer.ts implements the byte and GPT-2 BPE ones). */
export interface Tokenizer {
  /** Token ids of `text`, with `bos` in front when not null. */
  encode(text: string, bos: number | null): Int32Array;
  /** Display text of one token, never empty. */
  piece(id: number): string;
}

export interface LoadProgress {
  readonly loaded: number;
  readonly total: number | null;
  readonly fromCache: boolean;
}

export interface LoadedModel {
  readonly id: ModelId;
  /** GPT-2 weights; for a Llama-family model, its shape only (see llamaLoaded.ts). */
  readonly model: Model;
  readonly tokenizer: Tokenizer;
  /** A Llama-family model's weights: the engine runs it through llamaRun.ts / llamaRunCpu.ts. */
  readonly llama?: LlamaModel;
}

export interface ModelProvider {
  /** The model's weights, parsed and validated; may download (reporting progress) the first time. */
  load(id: ModelId, onProgress?: (p: LoadProgress) => void): Promise<LoadedModel>;
}

/** A model on one device: its kernels and weights, uploaded once and kept while the model is in use. */
export interface DeviceModel {
  readonly loaded: LoadedModel;
  readonly kernels: ModelKernels;
  readonly gpu: GpuModel;
}

const onDevice = new WeakMap<GPUDevice, { current: DeviceModel | null; kernels: ModelKernels | null }>();

/**
 * The model uploaded to `k`'s device. One model is resident per device at a time: switching models
 * frees the previous weights (GPT-2 small is ~0.6 GB on the GPU).
 */
export async function deviceModel(k: Kernels, loaded: LoadedModel): Promise<DeviceModel> {
  let slot = onDevice.get(k.device);
  if (!slot) onDevice.set(k.device, (slot = { current: null, kernels: null }));
  if (slot.current?.loaded === loaded) return slot.current;
  slot.current?.gpu.destroy();
  slot.current = null;
  slot.kernels ??= await createModelKernels(k.device, k);
  slot.current = { loaded, kernels: slot.kernels, gpu: uploadModel(k.device, loaded.model) };
  return slot.current;
}
