import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSafetensors } from './safetensors';

const VARIANTS = ['baseline', 'sigma', 'seltemp'] as const;

interface Curves {
  model: string;
  recipe: { steps: number; seed: number };
  step: number[];
  train_loss: (number | null)[];
  val_loss: number[];
  entropy: number[][];
}

describe('shipped models in public/models', () => {
  for (const v of VARIANTS) {
    it(`kjv-byte-${v}: fp16, ≤ 20 MB, metadata and curves complete`, () => {
      const path = `public/models/kjv-byte-${v}.safetensors`;
      expect(statSync(path).size).toBeLessThanOrEqual(20 * 1024 * 1024);
      const f = parseSafetensors(readFileSync(path));
      expect([...f.entries.values()].filter((e) => e.shape.length === 2).every((e) => e.dtype === 'F16')).toBe(true);
      for (const key of ['architecture', 'n_layer', 'n_head', 'n_embd', 'n_ctx', 'vocab', 'tokenizer', 'bos', 'training_recipe', 'corpus', 'licence']) {
        expect(f.metadata[key], key).toBeTruthy();
      }
      expect(f.metadata.variant).toBe(v);
      const c = JSON.parse(readFileSync(`public/models/kjv-byte-${v}.curves.json`, 'utf8')) as Curves;
      expect(c.recipe.steps).toBe(5000);
      expect(c.step.at(-1)).toBe(5000);
      expect(c.val_loss.length).toBe(c.step.length);
      expect(c.entropy.every((e) => e.length === 6 && e.every((x) => x > 0 && x < Math.log(256)))).toBe(true);
      expect(c.val_loss.at(-1)).toBeLessThan(1.3);
    });
  }
});
