/**
 * A small random Llama-family checkpoint (config.json object + safetensors bytes) for loader,
 * twin and kernel tests; generated from a seed, so no fixture data sits in the source.
 */
import { mulberry32 } from '../engine/random';
import { writeSafetensors, type StDtype, type StTensorIn } from './safetensors';

export interface TinyLlamaSpec {
  readonly nLayer: number;
  readonly nHead: number;
  readonly nKvHead: number;
  readonly nEmbd: number;
  readonly headDim?: number;
  readonly nFf: number;
  readonly vocab: number;
  /** Qwen2 layout: q/k/v biases. */
  readonly qwen2?: boolean;
  readonly tied?: boolean;
  readonly dtype?: StDtype;
  readonly seed?: number;
  /** Extra config.json fields (rope_scaling, rope_theta, …). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** config.json of the spec, as transformers would write it. */
export function tinyLlamaConfig(s: TinyLlamaSpec): Record<string, unknown> {
  return {
    architectures: [s.qwen2 ? 'Qwen2ForCausalLM' : 'LlamaForCausalLM'],
    model_type: s.qwen2 ? 'qwen2' : 'llama',
    hidden_size: s.nEmbd,
    num_attention_heads: s.nHead,
    num_key_value_heads: s.nKvHead,
    ...(s.headDim ? { head_dim: s.headDim } : {}),
    intermediate_size: s.nFf,
    num_hidden_layers: s.nLayer,
    vocab_size: s.vocab,
    max_position_embeddings: 128,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    rope_scaling: null,
    hidden_act: 'silu',
    tie_word_embeddings: s.tied ?? false,
    bos_token_id: 1,
    eos_token_id: 2,
    ...(s.qwen2 ? { use_sliding_window: false, sliding_window: 4096 } : { attention_bias: false }),
    ...s.extra,
  };
}

/** The tensors of a random Llama with HF names ([out, in] linear weights). */
export function tinyLlamaTensors(s: TinyLlamaSpec): Record<string, StTensorIn> {
  const u = mulberry32(s.seed ?? 7);
  const dtype = s.dtype ?? 'F32';
  const D = s.nEmbd;
  const d = s.headDim ?? D / s.nHead;
  const rand = (shape: number[], scale: number, offset = 0): StTensorIn => ({
    shape,
    dtype,
    data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => offset + scale * (u() * 2 - 1)),
  });
  const t: Record<string, StTensorIn> = { 'model.embed_tokens.weight': rand([s.vocab, D], 1) };
  for (let i = 0; i < s.nLayer; i++) {
    const p = `model.layers.${i}.`;
    t[`${p}input_layernorm.weight`] = rand([D], 0.3, 1);
    t[`${p}self_attn.q_proj.weight`] = rand([s.nHead * d, D], 0.5);
    t[`${p}self_attn.k_proj.weight`] = rand([s.nKvHead * d, D], 0.5);
    t[`${p}self_attn.v_proj.weight`] = rand([s.nKvHead * d, D], 0.5);
    if (s.qwen2) {
      t[`${p}self_attn.q_proj.bias`] = rand([s.nHead * d], 0.5);
      t[`${p}self_attn.k_proj.bias`] = rand([s.nKvHead * d], 0.5);
      t[`${p}self_attn.v_proj.bias`] = rand([s.nKvHead * d], 0.5);
    }
    t[`${p}self_attn.o_proj.weight`] = rand([D, s.nHead * d], 0.3);
    t[`${p}post_attention_layernorm.weight`] = rand([D], 0.3, 1);
    t[`${p}mlp.gate_proj.weight`] = rand([s.nFf, D], 0.4);
    t[`${p}mlp.up_proj.weight`] = rand([s.nFf, D], 0.4);
    t[`${p}mlp.down_proj.weight`] = rand([D, s.nFf], 0.3);
  }
  t['model.norm.weight'] = rand([D], 0.3, 1);
  if (!s.tied) t['lm_head.weight'] = rand([s.vocab, D], 0.5);
  return t;
}

export function tinyLlamaBytes(s: TinyLlamaSpec, metadata: Record<string, string> = { format: 'pt' }): Uint8Array {
  return writeSafetensors(tinyLlamaTensors(s), metadata);
}
