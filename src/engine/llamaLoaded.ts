/**
 * A Llama-family model as a LoadedModel. The engine's shared steps (tokens cut to the context,
 * the model chunk, the view check) read `model.config` only; for a Llama model that is its shape:
 * layers, query heads, H·d as the width (so width / heads is the head size d), context and BOS.
 * Its weights are in `llama`, and only llamaRun.ts / llamaRunCpu.ts run them.
 */
import type { HfTokenizer } from '../models/hfTokenizer';
import type { OpenedLlama } from '../models/hubLlama';
import type { Model } from '../models/model';
import type { ModelId } from '../schema/models';
import type { LoadedModel, Tokenizer } from './modelProvider';

/** Longest input the lab runs a Llama model on (its own context may be longer). */
export const LLAMA_LAB_CTX = 8192;

export function loadedLlama(id: ModelId, opened: OpenedLlama): LoadedModel {
  const c = opened.model.config;
  const shape: Model = {
    config: {
      architecture: 'gpt2', nLayer: c.nLayer, nHead: c.nHead, nEmbd: c.nHead * c.headDim, nCtx: Math.min(c.nCtx, LLAMA_LAB_CTX),
      vocab: c.vocab, tokenizer: c.tokenizer, bos: opened.bos, lnEps: c.normEps,
    },
    metadata: opened.model.metadata, wte: new Float32Array(0), wpe: new Float32Array(0), layers: [], lnfG: new Float32Array(0), lnfB: new Float32Array(0),
  };
  return { id, model: shape, tokenizer: opened.tokenizer as Tokenizer | HfTokenizer, llama: opened.model };
}
