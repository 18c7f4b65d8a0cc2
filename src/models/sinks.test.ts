import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxDiff } from '../engine/parity';
import heldout from './fixtures/heldout-kjv.json';
import { alpha0, forwardRef } from './forwardRef';
import { byteTokens, loadModel } from './model';
import { parseSafetensors, tensorF32 } from './safetensors';

/**
 * The shipped baseline must have real sinks: Gu et al.'s α₀ (mean attention the BOS token gets
 * from the queries of a 64-token window) above ε = 0.3 for at least one head, on held-out text
 * (windows from the last 5 % of the corpus, which training never saw), on the float64 twin.
 */
describe('shipped baseline (fp16) on the float64 twin', () => {
  const model = loadModel(readFileSync('public/models/kjv-byte-baseline.safetensors'));

  it('has at least one head with α₀ > 0.3 on held-out 64-token windows (Gu et al., ε = 0.3)', () => {
    const { nLayer, nHead } = model.config;
    const mean = new Float64Array(nLayer * nHead);
    for (const text of heldout.windows) {
      const tokens = byteTokens(text, model.config.bos);
      expect(tokens.length).toBe(64);
      const a = alpha0(forwardRef(model, tokens, { maps: true }).maps!, tokens.length);
      a.forEach((v, i) => (mean[i] = (mean[i] as number) + v / heldout.windows.length));
    }
    const sinks = [...mean].map((v, i) => ({ layer: Math.floor(i / nHead), head: i % nHead, alpha0: v })).filter((s) => s.alpha0 > 0.3);
    console.info(`α₀ > 0.3: ${sinks.map((s) => `L${s.layer}H${s.head} ${s.alpha0.toFixed(3)}`).join(', ')}`);
    expect(sinks.length).toBeGreaterThanOrEqual(1);
  });

  it('matches the PyTorch fixture logits within 1e-4 (CPU twin, fp16 weights widened)', () => {
    const fix = parseSafetensors(readFileSync('src/models/fixtures/kjv-byte-baseline.parity.safetensors'));
    const p = (JSON.parse(fix.metadata.prompts!) as { text: string; tokens: number[] }[])[1]!;
    expect(Array.from(byteTokens(p.text, 256))).toEqual(p.tokens);
    const r = forwardRef(model, p.tokens);
    expect(maxDiff(r.logits, tensorF32(fix, 'prompt1.logits').data)).toBeLessThan(1e-4);
    // The model has learned something: mean next-byte loss on scripture well under ln 257 ≈ 5.55.
    const finite = [...r.loss].filter(Number.isFinite);
    expect(finite.reduce((a, b) => a + b, 0) / finite.length).toBeLessThan(2);
  });
});
