/**
 * The shipped Llama-architecture model (training/train_llama.py on the H200) must have a real
 * sink: Gu et al.'s α₀ (mean attention the BOS token gets from the queries of a 64-token window)
 * above ε = 0.3 for at least one query head on held-out text, on the lab's own float64 Llama pass;
 * and that pass must give the PyTorch fixture's logits (fp32 on the fp16-rounded weights).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxDiff } from '../engine/parity';
import heldout from './fixtures/heldout-kjv.json';
import { alpha0 } from './forwardRef';
import { parseLlamaConfig } from './llamaConfig';
import { llamaForwardRef } from './llamaRef';
import { loadLlama } from './llamaWeights';
import { byteTokens } from './model';
import { parseSafetensors, tensorF32 } from './safetensors';

describe('shipped kjv-llama (fp16) on the float64 Llama pass', () => {
  const config = parseLlamaConfig(JSON.parse(readFileSync('public/models/kjv-llama.config.json', 'utf8')), 'byte');
  const model = loadLlama(config, readFileSync('public/models/kjv-llama.safetensors'));

  it('is the trained 6 × 256 model with 8 query heads on 2 K/V heads', () => {
    expect(config).toMatchObject({ modelType: 'llama', nLayer: 6, nEmbd: 256, nHead: 8, nKvHead: 2, vocab: 257, bosId: 256 });
    expect(model.metadata).toMatchObject({ tokenizer: 'byte', bos: '256', architecture: 'llama' });
  });

  it('has at least one query head with α₀ > 0.3 on held-out 64-token windows (Gu et al., ε = 0.3)', () => {
    const { nLayer, nHead } = config;
    const mean = new Float64Array(nLayer * nHead);
    for (const text of heldout.windows) {
      const tokens = byteTokens(text, config.bosId);
      expect(tokens.length).toBe(64);
      const a = alpha0(llamaForwardRef(model, tokens, { maps: true }).maps!, tokens.length);
      a.forEach((v, i) => (mean[i] = (mean[i] as number) + v / heldout.windows.length));
    }
    const sinks = [...mean].map((v, i) => ({ layer: Math.floor(i / nHead), head: i % nHead, alpha0: v })).filter((s) => s.alpha0 > 0.3);
    console.info(`kjv-llama α₀ > 0.3: ${sinks.map((s) => `L${s.layer}H${s.head} ${s.alpha0.toFixed(3)}`).join(', ')}`);
    expect(sinks.length).toBeGreaterThanOrEqual(1);
  });

  it('matches the PyTorch fixture logits within 1e-4 on both prompts', () => {
    const fix = parseSafetensors(readFileSync('src/models/fixtures/kjv-llama.parity.safetensors'));
    const prompts = JSON.parse(fix.metadata.prompts!) as { text: string; tokens: number[] }[];
    expect(prompts).toHaveLength(2);
    prompts.forEach((p, j) => {
      expect(Array.from(byteTokens(p.text, 256))).toEqual(p.tokens);
      const r = llamaForwardRef(model, p.tokens);
      expect(maxDiff(r.logits, tensorF32(fix, `prompt${j}.logits`).data), `prompt ${j}`).toBeLessThan(1e-4);
      const finite = [...r.loss].filter(Number.isFinite);
      expect(finite.reduce((a, b) => a + b, 0) / finite.length).toBeLessThan(2);
    });
  });
});
