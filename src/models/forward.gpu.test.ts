import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { liveBufferCount } from '../gpu/arena';
import { maxDiff } from '../engine/parity';
import { nodeDevice } from '../testing/nodeGpu';
import { createModelKernels, forward, uploadModel, type ModelKernels } from './forward';
import { forwardRef } from './forwardRef';
import { loadModel } from './model';
import { parseSafetensors, tensorF32 } from './safetensors';
import { tinyModelBytes } from './testModel';

let kp: Promise<ModelKernels> | null = null;
const kernels = () => (kp ??= nodeDevice().then(({ device }) => createModelKernels(device)));

/** WGSL (fp32) against PyTorch (fp32, same fp16-rounded weights): the bound. */
const PYTORCH_TOLERANCE = 1e-3;

describe('GPT-2 forward pass on Dawn', () => {
  it('matches the float64 twin on a small random model with a position temperature', async () => {
    const k = await kernels();
    const model = loadModel(tinyModelBytes({ nLayer: 2, nHead: 4, nEmbd: 32, nCtx: 24, vocab: 257, posTemp: 0.3, seed: 5 }));
    const tokens = [256, 72, 101, 108, 108, 111, 44, 32, 119, 111, 114, 108, 100, 33, 10, 0, 255, 3, 9];
    const before = liveBufferCount();
    const gm = uploadModel(k.device, model);
    const got = await forward(k, gm, tokens, { logits: true });
    const ref = forwardRef(model, tokens, { maps: true });
    expect(maxDiff(got.logits!, ref.logits, true)).toBeLessThan(1e-4);
    expect(maxDiff(got.loss.subarray(0, -1), ref.loss.subarray(0, -1), true)).toBeLessThan(1e-4);
    expect(Number.isNaN(got.loss[tokens.length - 1])).toBe(true);
    expect(Array.from(got.top.ids.subarray(0, 5))).toEqual(Array.from(ref.top.ids.subarray(0, 5)));
    expect(maxDiff(await got.attention(1, 3), ref.maps![1]![3]!)).toBeLessThan(1e-5);
    const { q, k: kk, v } = await got.captureQKV(0, 2);
    expect(q.shape).toEqual([tokens.length, 8]);
    expect(kk.data.length).toBe(v.data.length);
    got.dispose();
    gm.destroy();
    expect(liveBufferCount()).toBe(before);
  });

  for (const variant of ['baseline', 'sigma', 'seltemp']) {
    it(`kjv-byte-${variant}: logits and attention of 9 heads match PyTorch within ${PYTORCH_TOLERANCE}`, async () => {
      const k = await kernels();
      const model = loadModel(readFileSync(`public/models/kjv-byte-${variant}.safetensors`));
      const fix = parseSafetensors(readFileSync(`src/models/fixtures/kjv-byte-${variant}.parity.safetensors`));
      const prompts = JSON.parse(fix.metadata.prompts!) as { text: string; tokens: number[] }[];
      const gm = uploadModel(k.device, model);
      try {
        // Both prompts for the baseline, the first for the twins: SwiftShader runs ~10 s a forward here.
        for (const [j, p] of prompts.entries()) {
          if (variant !== 'baseline' && j > 0) continue;
          const n = p.tokens.length;
          const got = await forward(k, gm, p.tokens, { logits: true });
          const logitErr = maxDiff(got.logits!, tensorF32(fix, `prompt${j}.logits`).data);
          const attn = tensorF32(fix, `prompt${j}.attn`).data;
          let attnErr = 0;
          // A spread of heads keeps the test short on SwiftShader (each map is one readback).
          for (const l of [0, 2, model.config.nLayer - 1]) {
            for (const h of [0, 7, model.config.nHead - 1]) {
              const at = (l * model.config.nHead + h) * n * n;
              attnErr = Math.max(attnErr, maxDiff(await got.attention(l, h), attn.subarray(at, at + n * n)));
            }
          }
          got.dispose();
          console.info(`parity ${variant} prompt${j} n=${n}: max |Δlogit| ${logitErr.toExponential(2)}, max |Δattention| ${attnErr.toExponential(2)}`);
          expect(logitErr).toBeLessThan(PYTORCH_TOLERANCE);
          expect(attnErr).toBeLessThan(PYTORCH_TOLERANCE);
        }
      } finally {
        gm.destroy();
      }
    });
  }
});
