import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kvHeadOf, parseLlamaConfig } from './llamaConfig';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/configs/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('parseLlamaConfig on real configs', () => {
  it('SmolLM2-135M: 30 layers, 9 query heads on 3 K/V heads, d 64, tied, θ 1e5', () => {
    const c = parseLlamaConfig(fixture('smollm2-135m'));
    expect(c).toMatchObject({
      architecture: 'llama', modelType: 'llama', nLayer: 30, nHead: 9, nKvHead: 3, nEmbd: 576, headDim: 64, nFf: 1536,
      vocab: 49152, nCtx: 8192, normEps: 1e-5, qkvBias: false, tiedEmbeddings: true, bosId: 0, eosIds: [0], tokenizer: 'hf', dtype: 'bfloat16',
    });
    expect(c.rope).toEqual({ theta: 100000, scaling: { kind: 'none' } });
  });

  it('TinyLlama-1.1B: GQA 32 on 4, untied lm_head, BOS 1, EOS 2', () => {
    const c = parseLlamaConfig(fixture('tinyllama-1.1b'));
    expect(c).toMatchObject({ nLayer: 22, nHead: 32, nKvHead: 4, headDim: 64, nFf: 5632, vocab: 32000, tiedEmbeddings: false, bosId: 1, eosIds: [2] });
    expect(c.rope.theta).toBe(10000);
  });

  it('Qwen2.5-0.5B: q/k/v biases, 14 on 2, ε 1e-6, θ 1e6, sliding window off', () => {
    const c = parseLlamaConfig(fixture('qwen2.5-0.5b'));
    expect(c).toMatchObject({ modelType: 'qwen2', nLayer: 24, nHead: 14, nKvHead: 2, nEmbd: 896, headDim: 64, nFf: 4864, vocab: 151936, normEps: 1e-6, qkvBias: true, tiedEmbeddings: true, bosId: 151643 });
    expect(c.rope).toEqual({ theta: 1e6, scaling: { kind: 'none' } });
  });

  it('Llama-3.2-1B: llama3 rope scaling, head_dim given, 32 on 8', () => {
    const c = parseLlamaConfig(fixture('llama-3.2-1b'));
    expect(c).toMatchObject({ nLayer: 16, nHead: 32, nKvHead: 8, headDim: 64, vocab: 128256, bosId: 128000, eosIds: [128001], tiedEmbeddings: true });
    expect(c.rope).toEqual({ theta: 500000, scaling: { kind: 'llama3', factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 8192 } });
  });

  it('transformers 5 rope_parameters and linear scaling; text input; EOS lists', () => {
    const base = fixture('smollm2-135m');
    const c = parseLlamaConfig(JSON.stringify({ ...base, rope_theta: undefined, rope_scaling: undefined, rope_parameters: { rope_type: 'linear', factor: 4, rope_theta: 5000 }, eos_token_id: [0, 2] }));
    expect(c.rope).toEqual({ theta: 5000, scaling: { kind: 'linear', factor: 4 } });
    expect(c.eosIds).toEqual([0, 2]);
    expect(parseLlamaConfig({ ...base, rope_parameters: { rope_type: 'default', rope_theta: 7 } }).rope).toEqual({ theta: 7, scaling: { kind: 'none' } });
  });

  it('kvHeadOf follows repeat_kv: query head h reads K/V head ⌊h / (H/H_kv)⌋', () => {
    const c = parseLlamaConfig(fixture('smollm2-135m'));
    expect(Array.from({ length: 9 }, (_, h) => kvHeadOf(c, h))).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
  });
});

describe('parseLlamaConfig refuses what it does not compute, naming the field', () => {
  const smol = fixture('smollm2-135m');
  const qwen = fixture('qwen2.5-0.5b');
  const cases: [string, unknown, RegExp][] = [
    ['Mistral', fixture('mistral-7b-v0.1'), /model_type "mistral" is not supported/],
    ['Gemma', fixture('gemma-2b'), /model_type "gemma" is not supported/],
    ['a Mistral-style window on a llama', { ...smol, sliding_window: 4096 }, /sliding_window = 4096 is not supported/],
    ['Qwen2 with its window on', { ...qwen, use_sliding_window: true }, /sliding_window = 32768 is not supported/],
    ['MoE', { ...smol, num_local_experts: 8 }, /num_local_experts = 8 is not supported \(mixture-of-experts/],
    ['attention_bias (o_proj)', { ...smol, attention_bias: true }, /attention_bias = true is not supported \(it adds a bias to o_proj/],
    ['mlp_bias', { ...smol, mlp_bias: true }, /mlp_bias = true/],
    ['dynamic rope', { ...smol, rope_scaling: { type: 'dynamic', factor: 2 } }, /rope_scaling.rope_type = "dynamic" is not supported/],
    ['yarn (v5 block)', { ...smol, rope_parameters: { rope_type: 'yarn', factor: 4, rope_theta: 1e4 } }, /rope_parameters.rope_type = "yarn"/],
    ['llama3 without its factors', { ...smol, rope_scaling: { rope_type: 'llama3', factor: 8 } }, /rope_scaling.low_freq_factor = undefined/],
    ['GELU', { ...smol, hidden_act: 'gelu' }, /hidden_act = "gelu" is not supported/],
    ['interleaved rope', { ...smol, rope_interleaved: true }, /rope_interleaved = true/],
    ['partial rotary', { ...smol, partial_rotary_factor: 0.5 }, /partial_rotary_factor = 0.5/],
    ['heads not a multiple of K/V heads', { ...smol, num_key_value_heads: 4 }, /num_attention_heads 9 is not a multiple of num_key_value_heads 4/],
    ['wrong architectures entry', { ...smol, architectures: ['MistralForCausalLM'] }, /architectures \["MistralForCausalLM"\] is not supported/],
    ['missing hidden_size', { ...smol, hidden_size: undefined }, /hidden_size is missing/],
    ['BOS outside the vocabulary', { ...smol, bos_token_id: 49152 }, /bos_token_id = 49152 is not a token id below vocab_size 49152/],
    ['odd head_dim', { ...smol, head_dim: 63 }, /head_dim 63 must be even/],
    ['not JSON', '{"model_type": ', /config.json: is not valid JSON/],
  ];
  for (const [what, cfg, msg] of cases) {
    it(what, () => expect(() => parseLlamaConfig(cfg)).toThrow(msg));
  }
});
