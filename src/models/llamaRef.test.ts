import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxDiff } from '../engine/parity';
import { parseLlamaConfig } from './llamaConfig';
import { llamaForwardRef, llamaHeadQkv } from './llamaRef';
import { loadLlama } from './llamaWeights';
import { parseSafetensors, tensorF32 } from './safetensors';
import type { forwardRef } from './forwardRef';

const dir = (name: string) => new URL(`./fixtures/${name}/`, import.meta.url);
const read = (name: string, file: string) => readFileSync(new URL(file, dir(name)));

/**
 * The twin against PyTorch (training/llama_model.py functional_forward in float64 on the same
 * weights; transformers' LlamaForCausalLM / Qwen2ForCausalLM are checked against the same
 * fixtures by training/llama_fixture.py where transformers is installed). Both form the rotary
 * frequencies and angles in f32 as transformers does (bit-identical here) and compute the rest in
 * float64; the fixture is stored in f32, so the tolerance, 1e-7 relative (|Δ| / (1 + |x|)), is
 * that storage rounding (2⁻²⁴ ≈ 6e-8) and nothing else.
 */
describe('llamaForwardRef vs PyTorch fixtures', () => {
  for (const name of ['llama-tiny', 'qwen2-tiny']) {
    it(`${name}: logits, maps, post-rotary Q/K and V within 1e-7`, () => {
      const config = parseLlamaConfig(JSON.parse(read(name, 'config.json').toString('utf8')));
      const model = loadLlama(config, read(name, 'model.safetensors'));
      const exp = parseSafetensors(read(name, 'expected.safetensors'));
      const tokens = JSON.parse(exp.metadata.tokens ?? '[]') as number[];
      const r = llamaForwardRef(model, tokens, { maps: true, layers: true });
      const n = tokens.length;
      const { nLayer: L, nHead: H, nKvHead: Hkv, headDim: d } = config;
      expect(maxDiff(r.logits, tensorF32(exp, 'logits').data, true)).toBeLessThan(1e-7);
      const attn = tensorF32(exp, 'attn').data;
      const q = tensorF32(exp, 'q').data;
      const k = tensorF32(exp, 'k').data;
      const v = tensorF32(exp, 'v').data;
      for (let l = 0; l < L; l++) {
        for (let h = 0; h < H; h++) {
          const want = attn.subarray(((l * H + h) * n) * n, ((l * H + h) * n + n) * n);
          expect(maxDiff(r.maps![l]![h]!, want), `map L${l}H${h}`).toBeLessThan(1e-7);
          const got = llamaHeadQkv(config, r.layers![l]!, h);
          const g = Math.floor(h / (H / Hkv));
          expect(maxDiff(got.q, q.subarray((l * H + h) * n * d, (l * H + h + 1) * n * d), true), `q L${l}H${h}`).toBeLessThan(1e-7);
          expect(maxDiff(got.k, k.subarray((l * Hkv + g) * n * d, (l * Hkv + g + 1) * n * d), true), `k L${l}H${h}`).toBeLessThan(1e-7);
          expect(maxDiff(got.v, v.subarray((l * Hkv + g) * n * d, (l * Hkv + g + 1) * n * d), true), `v L${l}H${h}`).toBeLessThan(1e-7);
        }
      }
      // the loss is the cross-entropy of the logits at the next token
      const lse = (i: number) => Math.log(Array.from(r.logits.subarray(i * config.vocab, (i + 1) * config.vocab), Math.exp).reduce((a, b) => a + b, 0));
      expect(r.loss[0]).toBeCloseTo(lse(0) - (r.logits[tokens[1]!] as number), 10);
      expect(Number.isNaN(r.loss[n - 1])).toBe(true);
    });
  }

  it('the same result shape as the GPT-2 twin (the engine treats both alike)', () => {
    const config = parseLlamaConfig(JSON.parse(read('llama-tiny', 'config.json').toString('utf8')));
    const r = llamaForwardRef(loadLlama(config, read('llama-tiny', 'model.safetensors')), [1, 2, 3]);
    const keys = (o: object) => Object.keys(o).filter((key) => key !== 'layers').sort();
    type Gpt = ReturnType<typeof forwardRef>;
    const shape: Record<keyof Omit<Gpt, 'layers'>, true> = { n: true, logits: true, loss: true, top: true, maps: true };
    expect(keys(r)).toEqual(Object.keys(shape).sort());
    expect(r.top.ids).toHaveLength(15);
  });

  it('an attend hook that returns the plain maps reproduces the plain pass', () => {
    const config = parseLlamaConfig(JSON.parse(read('qwen2-tiny', 'config.json').toString('utf8')));
    const model = loadLlama(config, read('qwen2-tiny', 'model.safetensors'));
    const tokens = [3, 9, 27, 4, 1];
    const plain = llamaForwardRef(model, tokens, { maps: true });
    const hooked = llamaForwardRef(model, tokens, {
      attend: (l, cap) => plain.maps![l]!.map((p, h) => ({ p, v: llamaHeadQkv(config, cap, h).v })),
    });
    expect(maxDiff(hooked.logits, plain.logits)).toBeLessThan(1e-12);
    expect(() => llamaForwardRef(model, [1, 40])).toThrow('token 40 at position 1 is outside the vocabulary of 40');
  });
});
