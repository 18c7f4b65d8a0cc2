import { describe, expect, it } from 'vitest';
import { bf16ToF32, f16ToF32, f32ToBf16 } from './half';
import { parseLlamaConfig } from './llamaConfig';
import { concatRows, loadLlama, llamaWeightBytes, weightAt, weightF16, weightF32, weightForGpu } from './llamaWeights';
import { writeSafetensors, type StTensorIn } from './safetensors';
import { tinyLlamaConfig, tinyLlamaTensors, type TinyLlamaSpec } from './testLlama';

const SPEC: TinyLlamaSpec = { nLayer: 2, nHead: 4, nKvHead: 2, nEmbd: 16, nFf: 24, vocab: 11 };

function load(spec: TinyLlamaSpec, edit?: (t: Record<string, StTensorIn>) => void) {
  const t = tinyLlamaTensors(spec);
  edit?.(t);
  return loadLlama(parseLlamaConfig(tinyLlamaConfig(spec)), writeSafetensors(t));
}

describe('loadLlama', () => {
  it('reads every tensor in its stored dtype, views not copies (f32, f16, bf16)', () => {
    for (const dtype of ['F32', 'F16', 'BF16'] as const) {
      const bytes = writeSafetensors(tinyLlamaTensors({ ...SPEC, dtype }));
      const m = loadLlama(parseLlamaConfig(tinyLlamaConfig(SPEC)), bytes);
      expect(m.layers).toHaveLength(2);
      expect(m.layers[1]?.k.shape).toEqual([8, 16]);
      expect(m.layers[0]?.q.dtype).toBe(dtype);
      expect(m.layers[0]?.q.raw.buffer).toBe(bytes.buffer); // a view into the file
      expect(m.lmHead).not.toBe(m.embed);
      const bytesPer = dtype === 'F32' ? 4 : 2;
      const params = 11 * 16 * 2 + 16 + 2 * (16 * 2 + 16 * 16 + 8 * 16 * 2 + 16 * 16 + 24 * 16 * 3);
      expect(llamaWeightBytes(m)).toBe(params * bytesPer);
    }
  });

  it('bf16 values widen exactly, and narrow to f16 exactly in the normal range', () => {
    const m = load({ ...SPEC, dtype: 'BF16' });
    const w = m.layers[0]!.gate;
    const f32 = weightF32(w);
    const h = weightF16(w);
    expect(h.overflow).toBe(0);
    for (let i = 0; i < f32.length; i++) {
      expect(f32[i]).toBe(bf16ToF32(w.raw[i] as number));
      expect(weightAt(w, i)).toBe(f32[i]);
      if (Math.abs(f32[i] as number) >= 2 ** -14) expect(f16ToF32(h.bits[i] as number)).toBe(f32[i]);
    }
  });

  it('weightF16 counts what f16 cannot hold (overflow past 65504, rounding of f32)', () => {
    const m = load(SPEC, (t) => {
      t['model.norm.weight'] = { shape: [16], dtype: 'BF16', data: Float32Array.from({ length: 16 }, (_, i) => (i === 3 ? 1e5 : i === 4 ? -7e4 : 1)) };
    });
    expect(weightF16(m.norm).overflow).toBe(2);
    expect(bf16ToF32(f32ToBf16(1e5))).toBe(99840); // what the file holds
    const f32 = weightF16(m.layers[0]!.q);
    expect(f32.overflow).toBe(0);
    expect(f32.rounded).toBeGreaterThan(0);
  });

  it('weightForGpu: 16-bit checkpoints upload their own bytes (f16, bf16), f32 stays f32', () => {
    for (const dtype of ['F16', 'BF16'] as const) {
      const m = load({ ...SPEC, dtype });
      const q = m.layers[0]!.q;
      const g = weightForGpu(q);
      expect(g.storage).toBe(dtype === 'F16' ? 'f16' : 'bf16');
      expect(g.data.buffer).toBe(q.raw.buffer); // no copy: the file's bytes
      expect(g.data.byteLength).toBe(q.raw.length * 2);
      expect(weightForGpu(q, false)).toMatchObject({ storage: 'f32' });
    }
    const f32 = load(SPEC);
    expect(weightForGpu(f32.layers[0]!.k).data).toBe(f32.layers[0]!.k.raw);
  });

  it('concatRows stacks [W_q; W_k; W_v] (and biases) for one fused projection, in the stored dtype', () => {
    const m = load({ ...SPEC, dtype: 'BF16', qwen2: true });
    const l = m.layers[1]!;
    const qkv = concatRows('qkv', [l.q, l.k, l.v]);
    expect(qkv).toMatchObject({ shape: [32, 16], dtype: 'BF16' });
    expect(weightAt(qkv, 16 * 16 + 3)).toBe(weightAt(l.k, 3));
    expect(weightAt(qkv, 24 * 16 + 5)).toBe(weightAt(l.v, 5));
    expect(concatRows('b', [l.qBias!, l.kBias!, l.vBias!]).shape).toEqual([32]);
    expect(() => concatRows('x', [l.q, l.down])).toThrow(/cannot stack "model.layers.1.mlp.down_proj.weight" \[16, 24\]/);
  });

  it('Qwen2 biases and tied embeddings (no lm_head: the head is the embedding)', () => {
    const spec = { ...SPEC, qwen2: true, tied: true };
    const m = load(spec);
    expect(m.lmHead).toBe(m.embed);
    expect(m.layers[0]?.qBias?.shape).toEqual([16]);
    expect(m.layers[0]?.vBias?.shape).toEqual([8]);
  });

  it('sharded checkpoints: index + shards, with the index checked', () => {
    const spec = SPEC;
    const t = tinyLlamaTensors(spec);
    const names = Object.keys(t);
    const half = Math.floor(names.length / 2);
    const shardA = Object.fromEntries(names.slice(0, half).map((n) => [n, t[n]!]));
    const shardB = Object.fromEntries(names.slice(half).map((n) => [n, t[n]!]));
    const fa = 'model-00001-of-00002.safetensors';
    const fb = 'model-00002-of-00002.safetensors';
    const weightMap = Object.fromEntries(names.map((n, i) => [n, i < half ? fa : fb]));
    const total = names.reduce((s, n) => s + (t[n]!.data.length * 4), 0);
    const index = { metadata: { total_size: total }, weight_map: weightMap };
    const shards = new Map([[fa, writeSafetensors(shardA)], [fb, writeSafetensors(shardB)]]);
    const cfg = parseLlamaConfig(tinyLlamaConfig(spec));
    const m = loadLlama(cfg, { index: JSON.stringify(index), shards });
    const single = load(spec);
    expect(Array.from(weightF32(m.layers[1]!.down))).toEqual(Array.from(weightF32(single.layers[1]!.down)));
    expect(() => loadLlama(cfg, { index, shards: new Map([[fa, shards.get(fa)!]]) })).toThrow(`shard "${fb}" (named by model.safetensors.index.json for "${names[half]}") was not given`);
    expect(() => loadLlama(cfg, { index: { ...index, metadata: { total_size: total + 4 } }, shards })).toThrow(/says total_size \d+ but its tensors hold \d+ bytes/);
    const moved = { ...index, weight_map: { ...weightMap, [names[0]!]: fb } };
    expect(() => loadLlama(cfg, { index: moved, shards })).toThrow(`"${names[0]}" is not in shard "${fb}", where model.safetensors.index.json says it is`);
  });

  it('refuses wrong shapes, missing and extra tensors, non-finite values, naming the tensor', () => {
    expect(() => load(SPEC, (t) => { t['model.layers.1.self_attn.k_proj.weight'] = { shape: [16, 16], data: new Float32Array(256) }; }))
      .toThrow('tensor "model.layers.1.self_attn.k_proj.weight" has shape [16, 16], config.json implies [8, 16]');
    expect(() => load(SPEC, (t) => { delete t['lm_head.weight']; })).toThrow(/tensor "lm_head.weight" is missing \(config.json implies it: 2 layers, llama, untied lm_head\)/);
    expect(() => load(SPEC, (t) => { t['model.layers.0.self_attn.o_proj.bias'] = { shape: [16], data: new Float32Array(16) }; }))
      .toThrow('tensor "model.layers.0.self_attn.o_proj.bias" is not part of a llama layout with 2 layers and no biases');
    expect(() => load(SPEC, (t) => { t['model.layers.2.input_layernorm.weight'] = { shape: [16], data: new Float32Array(16) }; }))
      .toThrow(/model.layers.2.input_layernorm.weight" is not part of a llama layout with 2 layers/);
    expect(() => load({ ...SPEC, dtype: 'F16' }, (t) => { t['model.norm.weight'] = { shape: [16], dtype: 'F16', data: Float32Array.from({ length: 16 }, (_, i) => (i === 5 ? 1e6 : 1)) }; }))
      .toThrow('tensor "model.norm.weight" holds a non-finite value at 5');
    expect(() => load(SPEC, (t) => { t['model.layers.0.self_attn.rotary_emb.inv_freq'] = { shape: [2], data: [1, 0.1] }; })).not.toThrow();
  });
});
