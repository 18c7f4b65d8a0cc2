/**
 * The training export (training/train_llama.py) read by the lab: its config.json, fp16 HF-named
 * safetensors and parity fixture. The fixture here is a 2-layer model trained for 30 steps on CPU
 * by the same script (the shipped 6-layer model is trained on the H200 and checked the same way).
 * The fixture is PyTorch fp32 on CPU (functional_forward on the fp16-rounded weights); the twin is
 * float64, so the tolerance is PyTorch's f32 rounding: 1e-5 relative on logits, 1e-6 on maps,
 * post-rotary Q and K.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxDiff } from '../engine/parity';
import { byteTokens } from './model';
import { parseLlamaConfig } from './llamaConfig';
import { llamaForwardRef, llamaHeadQkv } from './llamaRef';
import { loadLlama } from './llamaWeights';
import { parseSafetensors, tensorF32 } from './safetensors';
import { BYTE_BOS } from './tokenizer';

const file = (dir: string, name: string) => readFileSync(new URL(`./fixtures/${dir}/${name}`, import.meta.url));

describe('a Llama trained by training/train_llama.py in the lab', () => {
  it('kjv-llama-tiny: byte tokens with BOS, logits, maps, post-rotary Q/K equal PyTorch', () => {
    const dir = 'kjv-llama-tiny';
    const config = parseLlamaConfig(JSON.parse(file(dir, 'kjv-llama.config.json').toString('utf8')), 'byte');
    expect(config).toMatchObject({ modelType: 'llama', nHead: 4, nKvHead: 2, vocab: 257, bosId: BYTE_BOS, tiedEmbeddings: true, tokenizer: 'byte' });
    const model = loadLlama(config, file(dir, 'kjv-llama.safetensors'));
    expect(model.metadata).toMatchObject({ tokenizer: 'byte', bos: '256', architecture: 'llama' });
    expect(model.embed.dtype).toBe('F16');
    const fix = parseSafetensors(file(dir, 'kjv-llama.parity.safetensors'));
    const prompts = JSON.parse(fix.metadata.prompts ?? '[]') as { text: string; tokens: number[] }[];
    expect(prompts).toHaveLength(2);
    const { nLayer: L, nHead: H, nKvHead: Hkv, headDim: d } = config;
    prompts.forEach(({ text, tokens }, j) => {
      expect(Array.from(byteTokens(text, config.bosId))).toEqual(tokens);
      const n = tokens.length;
      const r = llamaForwardRef(model, tokens, { maps: true, layers: true });
      expect(maxDiff(r.logits, tensorF32(fix, `prompt${j}.logits`).data, true), `prompt ${j} logits`).toBeLessThan(1e-5);
      const attn = tensorF32(fix, `prompt${j}.attn`).data;
      const q = tensorF32(fix, `prompt${j}.q`).data;
      const k = tensorF32(fix, `prompt${j}.k`).data;
      for (let l = 0; l < L; l++) {
        for (let h = 0; h < H; h++) {
          expect(maxDiff(r.maps![l]![h]!, attn.subarray((l * H + h) * n * n, (l * H + h + 1) * n * n)), `map L${l}H${h}`).toBeLessThan(1e-6);
          const got = llamaHeadQkv(config, r.layers![l]!, h);
          const g = Math.floor(h / (H / Hkv));
          expect(maxDiff(got.q, q.subarray((l * H + h) * n * d, (l * H + h + 1) * n * d), true)).toBeLessThan(1e-6);
          expect(maxDiff(got.k, k.subarray((l * Hkv + g) * n * d, (l * Hkv + g + 1) * n * d), true)).toBeLessThan(1e-6);
        }
      }
    });
  });
});
