/**
 * One forward pass of a SmolLM2-135M-shaped Llama (random bf16 weights: 30 layers × 576, 9 query
 * heads on 3 K/V heads, F 1536, vocab 49152, tied head) through src/models/llamaForward.ts at
 * N = BENCH_SIZES (default 512,1024). Not a test: nothing here asserts speed; bench/peer_llama.py
 * times PyTorch eager on the same architecture in the same device command.
 *
 *   node <bundle> [out.json]
 *
 * Per size: wall clock from the call to the awaited loss/top-5 readback, capture off (a plain
 * forward) and on (what a lab run does: every layer's Q|K|V and input kept), median of BENCH_REPS
 * (default 7) after 2 warm-ups; the lab's GPU memory peak (every arena buffer, weights included,
 * peakBufferBytes) over one forward with capture on.
 * Env: BENCH_LAYERS (default 30), BENCH_VOCAB (default 49152): smaller for a SwiftShader smoke test.
 */
import { writeFileSync } from 'node:fs';
import { peakBufferBytes } from '../src/gpu/arena';
import { parseLlamaConfig } from '../src/models/llamaConfig';
import { createLlamaRunKernels, llamaForward, uploadLlama } from '../src/models/llamaForward';
import type { LlamaLayerWeights, LlamaModel, Weight } from '../src/models/llamaWeights';
import smolConfig from '../src/models/fixtures/configs/smollm2-135m.json';
import { nodeDevice } from '../src/testing/nodeGpu';

const REPS = Number(process.env.BENCH_REPS ?? 7);
const median = (x: number[]): number => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)] as number;

/** bf16 weights with values uniform in ±scale/2 (values do not matter for time). */
function randomSmol(layers: number): LlamaModel {
  const config = { ...parseLlamaConfig({ ...smolConfig, num_hidden_layers: layers, vocab_size: Number(process.env.BENCH_VOCAB ?? smolConfig.vocab_size) }), tokenizer: 'byte' as const };
  const { nEmbd: D, nHead: H, nKvHead: Hkv, headDim: d, nFf: F, vocab } = config;
  let s = 12345 >>> 0;
  const w = (name: string, shape: number[], scale: number, offset = 0): Weight => {
    const count = shape.reduce((a, b) => a * b, 1);
    const f = new Float32Array(1);
    const bits = new Uint32Array(f.buffer);
    const raw = new Uint16Array(count);
    for (let i = 0; i < count; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      f[0] = offset + scale * (s / 4294967296 - 0.5);
      raw[i] = (bits[0] as number) >>> 16;
    }
    return { name, shape, dtype: 'BF16', raw };
  };
  const embed = w('embed', [vocab, D], 0.1);
  const ls: LlamaLayerWeights[] = Array.from({ length: layers }, (_, i) => ({
    inputNorm: w(`h${i}.in`, [D], 0.2, 1), q: w(`h${i}.q`, [H * d, D], 0.1), k: w(`h${i}.k`, [Hkv * d, D], 0.1),
    v: w(`h${i}.v`, [Hkv * d, D], 0.1), qBias: null, kBias: null, vBias: null, o: w(`h${i}.o`, [D, H * d], 0.05),
    postNorm: w(`h${i}.post`, [D], 0.2, 1), gate: w(`h${i}.gate`, [F, D], 0.1), up: w(`h${i}.up`, [F, D], 0.1), down: w(`h${i}.down`, [D, F], 0.05),
  }));
  return { config, metadata: {}, embed, layers: ls, norm: w('norm', [D], 0.2, 1), lmHead: embed };
}

async function main(): Promise<void> {
  const out = process.argv[2];
  const { device, adapter } = await nodeDevice();
  device.addEventListener('uncapturederror', (e) => console.error('GPU error:', (e as GPUUncapturedErrorEvent).error.message));
  console.log(`adapter: ${adapter.vendor} ${adapter.architecture} ${adapter.description}; features: ${[...device.features].sort().join(', ')}`);
  const k = await createLlamaRunKernels(device);
  const model = randomSmol(Number(process.env.BENCH_LAYERS ?? 30));
  const rows = [];
  peakBufferBytes(true);
  const gm = uploadLlama(device, model);
  for (const n of (process.env.BENCH_SIZES ?? '512,1024').split(',').map(Number)) {
    const tokens = Int32Array.from({ length: n }, (_, i) => (i * 7919 + 13) % model.config.vocab);
    const once = async (capture: boolean): Promise<number> => {
      const t0 = performance.now();
      const r = await llamaForward(k, gm, tokens, { capture });
      const ms = performance.now() - t0;
      r.dispose();
      return ms;
    };
    peakBufferBytes(true);
    await once(true);
    const peak = peakBufferBytes(true);
    for (let i = 0; i < 2; i++) await once(false);
    const plain: number[] = [];
    for (let i = 0; i < REPS; i++) plain.push(await once(false));
    const captured: number[] = [];
    for (let i = 0; i < 3; i++) captured.push(await once(true));
    const row = { n, wall_ms: median(plain), samples: plain, capture_ms: median(captured), peak_bytes: peak };
    console.log(`wgsl smollm2-135m-shape N=${n} forward ${row.wall_ms.toFixed(2)} ms (samples ${plain.map((x) => x.toFixed(1)).join(' ')}), with capture ${row.capture_ms.toFixed(2)} ms, peak ${(peak / 2 ** 20).toFixed(1)} MiB`);
    rows.push(row);
  }
  gm.destroy();
  if (out) writeFileSync(out, JSON.stringify({ adapter: adapter.description, layers: model.config.nLayer, rows }, null, 1));
  device.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
