/**
 * The Llama forward pass on Dawn against its float64 twin (llamaRef): the tiny PyTorch-checked
 * Llama (f32) and Qwen2 (bf16, q/k/v biases) checkpoints, logits within 2e-5 relative
 * (|Δ| / (1 + |x|), f32 arithmetic against float64), maps within 1e-5, and the loss.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { liveBufferCount } from '../gpu/arena';
import { maxDiff } from '../engine/parity';
import { nodeDevice } from '../testing/nodeGpu';
import { parseLlamaConfig } from './llamaConfig';
import { createLlamaRunKernels, llamaForward, uploadLlama, type LlamaRunKernels } from './llamaForward';
import { llamaForwardRef } from './llamaRef';
import { loadLlama } from './llamaWeights';

let kp: Promise<LlamaRunKernels> | null = null;
const kernels = () => (kp ??= nodeDevice().then(({ device }) => createLlamaRunKernels(device)));
const read = (name: string, file: string) => readFileSync(new URL(`./fixtures/${name}/${file}`, import.meta.url));

describe('llamaForward on Dawn equals the float64 Llama pass', () => {
  for (const name of ['llama-tiny', 'qwen2-tiny']) {
    it(`${name}: logits, loss, every query head's map`, async () => {
      const k = await kernels();
      const before = liveBufferCount();
      const model = loadLlama(parseLlamaConfig(JSON.parse(read(name, 'config.json').toString('utf8'))), read(name, 'model.safetensors'));
      const tokens = [1, 17, 5, 33, 8, 8, 21, 0, 39, 12, 2, 30, 17];
      const ref = llamaForwardRef(model, tokens, { maps: true });
      const gm = uploadLlama(k.device, model);
      const r = await llamaForward(k, gm, tokens, { logits: true });
      expect(maxDiff(r.logits!, ref.logits, true)).toBeLessThan(2e-5);
      expect(maxDiff(r.loss.subarray(0, tokens.length - 1), ref.loss.subarray(0, tokens.length - 1))).toBeLessThan(1e-4);
      expect(r.loss[tokens.length - 1]).toBeNaN();
      for (let l = 0; l < model.config.nLayer; l++) {
        for (let h = 0; h < model.config.nHead; h++) expect(maxDiff(await r.attention(l, h), ref.maps![l]![h]!), `L${l}H${h}`).toBeLessThan(1e-5);
      }
      const { qkv, x } = await r.layerInputs(1);
      expect(qkv.length).toBe(tokens.length * (model.config.nHead + 2 * model.config.nKvHead) * model.config.headDim);
      expect(x.length).toBe(tokens.length * model.config.nEmbd);
      r.dispose();
      gm.destroy();
      expect(liveBufferCount()).toBe(before);
    });
  }
});
