/**
 * The layer recipe of src/gpu/kernels/llama.ts run on Dawn over the PyTorch-checked fixtures, with
 * fused projections (concatRows) and the weights as the GPU would hold them (weightForGpu: the
 * bf16 Qwen2 checkpoint's own bytes in bf16 storage, f32 for the f32 Llama one). Not the engine's forward pass
 * (the lab's softmax runs between the kernels; here the twin's, on the read-back scores): a check
 * that the kernels' strided layouts compose into the model. Logits within 2e-5 relative
 * (|Δ| / (1 + |x|)): f32 arithmetic through two layers of random weights against float64;
 * measured 3.4e-6 (llama-tiny) and 2.5e-6 (qwen2-tiny) on SwiftShader.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GpuArena, readF32 } from '../gpu/arena';
import { createLlamaKernels, type LlamaKernels } from '../gpu/kernels/llama';
import { maxDiff } from '../engine/parity';
import { ropeTables } from '../reference/rope';
import { softmaxRows } from '../reference/softmaxRows';
import { nodeDevice } from '../testing/nodeGpu';
import { parseLlamaConfig } from './llamaConfig';
import { llamaForwardRef } from './llamaRef';
import { concatRows, loadLlama, weightF32, weightForGpu, type LlamaModel, type Weight } from './llamaWeights';

let kp: Promise<LlamaKernels> | null = null;
const kernels = () => (kp ??= nodeDevice().then(({ device }) => createLlamaKernels(device)));

async function gpuLogits(model: LlamaModel, tokens: number[], compact: boolean): Promise<Float32Array> {
  const k = await kernels();
  const { device } = k;
  const c = model.config;
  const { nEmbd: D, nHead: H, nKvHead: Hkv, headDim: d, nFf: F, vocab, normEps: eps } = c;
  const n = tokens.length;
  const W = (H + 2 * Hkv) * d;
  const arena = new GpuArena(device);
  const run = async (build: (e: GPUCommandEncoder) => GPUBuffer, count: number) => {
    const e = device.createCommandEncoder();
    const out = build(e);
    device.queue.submit([e.finish()]);
    return readF32(device, out, count);
  };
  const up = (w: Weight) => {
    const g = weightForGpu(w, compact);
    return { buf: arena.upload(w.name, g.data), storage: g.storage };
  };
  const vec = (w: Weight) => arena.upload(w.name, weightF32(w));
  try {
    const { cos, sin } = ropeTables(n, d, c.rope);
    const cosB = arena.upload('cos', Float32Array.from(cos));
    const sinB = arena.upload('sin', Float32Array.from(sin));
    const embed = up(model.embed);
    let x = await run((e) => k.embedRows.encode(device, arena, e, arena.upload('t', Float32Array.from(tokens)), embed.buf, embed.storage, n, D, vocab), n * D);
    for (const l of model.layers) {
      const qkvW = up(concatRows('qkv', [l.q, l.k, l.v]));
      const bias = l.qBias ? vec(concatRows('qkvB', [l.qBias, l.kBias!, l.vBias!])) : undefined;
      const xB = arena.upload('x', x);
      let qkvBuf: GPUBuffer | null = null;
      const s = await run((e) => {
        const h = k.rmsNorm.encode(device, arena, e, xB, vec(l.inputNorm), n, D, eps);
        qkvBuf = k.linear.encode(device, arena, e, h, qkvW.buf, qkvW.storage, n, D, W, { bias });
        k.rope.encode(device, arena, e, qkvBuf, cosB, sinB, { n, stride: W, offset: 0, heads: H + Hkv, d });
        return k.gqaScores.encode(device, arena, e, qkvBuf, qkvBuf, { n, d, heads: H, group: H / Hkv, qStride: W, qOffset: 0, kStride: W, kOffset: H * d });
      }, H * n * n);
      const p = new Float32Array(H * n * n);
      for (let h = 0; h < H; h++) p.set(softmaxRows(s.subarray(h * n * n, (h + 1) * n * n), n), h * n * n);
      const o = up(l.o);
      const gu = up(concatRows('gu', [l.gate, l.up]));
      const down = up(l.down);
      x = await run((e) => {
        const att = k.gqaOutput.encode(device, arena, e, arena.upload('p', p), qkvBuf as unknown as GPUBuffer, { n, d, heads: H, group: H / Hkv, vStride: W, vOffset: (H + Hkv) * d });
        const x1 = k.linear.encode(device, arena, e, att, o.buf, o.storage, n, H * d, D, { residual: xB });
        const h2 = k.rmsNorm.encode(device, arena, e, x1, vec(l.postNorm), n, D, eps);
        const g = k.linear.encode(device, arena, e, h2, gu.buf, gu.storage, n, D, 2 * F);
        const a = k.swiglu.encode(device, arena, e, g, g, n, F, 2 * F, F);
        return k.linear.encode(device, arena, e, a, down.buf, down.storage, n, F, D, { residual: x1 });
      }, n * D);
    }
    const head = model.lmHead === model.embed ? embed : up(model.lmHead);
    return await run((e) => {
      const hf = k.rmsNorm.encode(device, arena, e, arena.upload('x', x), vec(model.norm), n, D, eps);
      return k.linear.encode(device, arena, e, hf, head.buf, head.storage, n, D, vocab);
    }, n * vocab);
  } finally {
    arena.destroy();
  }
}

const read = (name: string, file: string) => readFileSync(new URL(`./fixtures/${name}/${file}`, import.meta.url));

describe('the Llama kernels composed per layer on Dawn equal the float64 pass', () => {
  for (const [name, compact] of [['llama-tiny', false], ['qwen2-tiny', true]] as const) {
    it(`${name} (${compact ? 'bf16 weights uploaded as bf16' : 'f32 weights'}): logits within 2e-5 relative`, async () => {
      const config = parseLlamaConfig(JSON.parse(read(name, 'config.json').toString('utf8')));
      const model = loadLlama(config, read(name, 'model.safetensors'));
      const tokens = [1, 17, 5, 33, 8, 8, 21, 0, 39, 12, 2, 30, 17];
      const got = await gpuLogits(model, tokens, compact);
      expect(maxDiff(got, llamaForwardRef(model, tokens).logits, true)).toBeLessThan(2e-5);
    });
  }
});
