/**
 * Benchmarks of the language-model path: the WGSL GPT-2 forward pass and a whole lab run
 * of a model source. Not a test: nothing here asserts speed. bench/peer_models.py times the PyTorch
 * peer on the same shapes in the same device command; the ratios go in bench/RESULTS.md.
 *
 *   node <bundle> [out.json]
 *
 * 1. forward() (src/models/forward.ts, default options: loss + top-5 read back, QKV kept) on
 *    (a) the shipped kjv-byte-baseline (6 × 256, 16 heads, vocab 257) at N = 256 and
 *    (b) a GPT-2-small-shaped random model (12 × 768, 12 heads, vocab 50257, n_ctx 1024) at
 *    N = BENCH_SIZES (default 128,512,1024): wall clock from the call to the awaited result,
 *    median of BENCH_REPS (default 7) after 2 warm-ups; then one forward under GpuProfiler for
 *    GPU time per kernel.
 * 2. runExperiment(DEFAULT_EXPERIMENT with a 255-byte KJV passage on kjv-baseline, fullPlan):
 *    one cold run, then BENCH_RUN_REPS (default 3) warm runs; per run the wall time and the time
 *    to the 'model' chunk, the last 'stats' chunk and the last 'loss' chunk.
 *
 * Env: BENCH_KJV_N (default 256), BENCH_ROOT (project root, default cwd), BENCH_GPT2 = 'full' (default) or 'tiny' (2 layers,
 * for a SwiftShader smoke test), BENCH_RUN_TEXT (bytes of the passage, default 255),
 * BENCH_RUN_HEADS (restrict the run to the first K units, smoke tests only).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gpuCounts } from '../src/gpu/counters';
import { createKernels } from '../src/gpu/kernels';
import { GpuProfiler, type KernelTime } from '../src/gpu/profiler';
import { createModelKernels, forward, uploadModel, type ModelKernels } from '../src/models/forward';
import { loadModel, type LayerWeights, type Model } from '../src/models/model';
import { runExperiment } from '../src/engine/run';
import type { Chunk, PerfChunk } from '../src/schema/chunk';
import { DEFAULT_EXPERIMENT, type Experiment } from '../src/schema/experiment';
import { fullPlan } from '../src/schema/plan';
import { validateExperiment } from '../src/schema/validate';
import { nodeDevice } from '../src/testing/nodeGpu';
import { nodeModels } from '../src/testing/nodeModels';

const ROOT = process.env.BENCH_ROOT ?? process.cwd();
const REPS = Number(process.env.BENCH_REPS ?? 7);
const RUN_REPS = Number(process.env.BENCH_RUN_REPS ?? 3);
const median = (x: number[]): number => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)] as number;
const fmt = (x: number): string => (x >= 100 ? x.toFixed(1) : x.toPrecision(3));

/** Genesis 1:1–3 and on (KJV, public domain), cut to `bytes` bytes. */
const KJV =
  'In the beginning God created the heaven and the earth. And the earth was without form, and void; and darkness was upon ' +
  'the face of the deep. And the Spirit of God moved upon the face of the waters. And God said, Let there be light: and there ' +
  'was light. And God saw the light, that it was good: and God divided the light from the darkness. And God called the light Day, ' +
  'and the darkness he called Night.';

/** A GPT-2-shaped model with random weights (values do not matter for time): fast in-place fill. */
function randomModel(nLayer: number, nHead: number, d: number, nCtx: number, vocab: number): Model {
  let s = 12345 >>> 0;
  const fill = (count: number, scale: number, offset = 0): Float32Array => {
    const a = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      a[i] = offset + scale * (s / 4294967296 - 0.5);
    }
    return a;
  };
  const layers: LayerWeights[] = Array.from({ length: nLayer }, () => ({
    ln1g: fill(d, 0.2, 1), ln1b: fill(d, 0.1), attnW: fill(d * 3 * d, 0.1), attnB: fill(3 * d, 0.1),
    projW: fill(d * d, 0.1), projB: fill(d, 0.1), ln2g: fill(d, 0.2, 1), ln2b: fill(d, 0.1),
    fcW: fill(d * 4 * d, 0.1), fcB: fill(4 * d, 0.1), mlpProjW: fill(4 * d * d, 0.05), mlpProjB: fill(d, 0.1), posTemp: null,
  }));
  return {
    config: { architecture: 'gpt2', nLayer, nHead, nEmbd: d, nCtx, vocab, tokenizer: 'gpt2-bpe', bos: null, lnEps: 1e-5 },
    metadata: {},
    wte: fill(vocab * d, 0.1), wpe: fill(nCtx * d, 0.05), layers, lnfG: fill(d, 0.2, 1), lnfB: fill(d, 0.1),
  } as Model;
}

interface ForwardRow {
  model: string; layers: number; d: number; heads: number; vocab: number; n: number;
  wall_ms: number; samples: number[]; gpu_ms_total: number; passes: number; readbacks: number; kernels: KernelTime[]; meanLoss: number;
  matmul_ms: number; matmul_gflop: number; matmul_tflops: number;
}

/** Useful FLOPs of one forward's products: the projections and LM head, and the causal halves of Q Kᵀ and P V. */
function productFlops(m: Model, n: number): number {
  const { nLayer: L, nEmbd: d, vocab } = m.config;
  return 2 * n * (L * 12 * d * d + d * vocab) + 2 * L * d * n * (n + 1);
}

async function timeForward(k: ModelKernels, model: Model, name: string, n: number, tokens: Int32Array): Promise<ForwardRow> {
  const gm = uploadModel(k.device, model);
  try {
    const once = async (): Promise<number> => {
      const t0 = performance.now();
      const r = await forward(k, gm, tokens);
      const ms = performance.now() - t0;
      r.dispose();
      return ms;
    };
    for (let w = 0; w < 2; w++) await once();
    gpuCounts(true);
    await once();
    const trips = gpuCounts(true);
    const samples: number[] = [];
    for (let r = 0; r < REPS; r++) samples.push(await once());
    // One profiled forward: every pass bracketed with timestamps (adds its own overhead to wall time).
    let kernels: KernelTime[] = [];
    let meanLoss = NaN;
    if (GpuProfiler.supported(k.device)) {
      const prof = new GpuProfiler(k.device).start();
      try {
        const r = await forward(k, gm, tokens);
        meanLoss = r.meanLoss;
        r.dispose();
        await prof.collect();
        kernels = prof.summary();
      } finally {
        prof.stop();
      }
    }
    const gpu = kernels.reduce((a, x) => a + x.ms, 0);
    const passes = kernels.reduce((a, x) => a + x.calls, 0);
    const { nLayer, nEmbd, nHead, vocab } = model.config;
    const mm = kernels.filter((x) => x.label.startsWith('matmul')).reduce((a, x) => a + x.ms, 0);
    const gflop = productFlops(model, n) / 1e9;
    const row = { model: name, layers: nLayer, d: nEmbd, heads: nHead, vocab, n, wall_ms: median(samples), samples, gpu_ms_total: gpu, passes: trips.passes, readbacks: trips.readbacks, kernels, meanLoss, matmul_ms: mm, matmul_gflop: gflop, matmul_tflops: gflop / mm };
    console.log(`forward ${name.padEnd(12)} N=${String(n).padEnd(5)} wall ${fmt(row.wall_ms).padStart(7)} ms (samples ${samples.map(fmt).join(' ')}); ${trips.passes} passes, ${trips.readbacks} readbacks; matmul ${fmt(gflop)} GFLOP in ${fmt(mm)} ms = ${fmt(row.matmul_tflops)} TFLOP/s; GPU ${fmt(gpu)} ms in ${passes} passes: ${kernels.slice(0, 6).map((x) => `${x.label} ${fmt(x.ms)}×${x.calls}`).join(', ')}`);
    return row;
  } finally {
    gm.destroy();
  }
}

async function main(): Promise<void> {
  const out = process.argv[2];
  const { device, adapter } = await nodeDevice();
  device.addEventListener('uncapturederror', (e) => console.error('GPU error:', (e as GPUUncapturedErrorEvent).error.message));
  const adapterName = `${adapter.vendor} ${adapter.architecture} ${adapter.description}`.trim();
  console.log(`adapter: ${adapterName}; features: ${[...device.features].sort().join(', ')}`);
  const mk = await createModelKernels(device);
  const forwardRows: ForwardRow[] = [];

  // 1a. The shipped model at its context, BOS + 255 bytes of KJV.
  const kjv = loadModel(readFileSync(resolve(ROOT, 'public/models/kjv-byte-baseline.safetensors')), { tokenizer: 'byte' });
  const kjvN = Math.min(Number(process.env.BENCH_KJV_N ?? 256), kjv.config.nCtx);
  const bytes = new TextEncoder().encode(KJV).subarray(0, kjvN - 1);
  const kjvTokens = Int32Array.from([kjv.config.bos ?? 0, ...bytes]);
  forwardRows.push(await timeForward(mk, kjv, 'kjv-baseline', kjvN, kjvTokens));

  // 1b. GPT-2 small shape, random weights.
  const tiny = process.env.BENCH_GPT2 === 'tiny';
  const t0 = performance.now();
  const g2 = tiny ? randomModel(2, 12, 768, 1024, 50257) : randomModel(12, 12, 768, 1024, 50257);
  console.log(`GPT-2-small-shaped random model built in ${fmt(performance.now() - t0)} ms (${g2.config.nLayer} layers)`);
  const sizes = (process.env.BENCH_SIZES ?? '128,512,1024').split(',').map(Number);
  for (const n of sizes) {
    const tokens = Int32Array.from({ length: n }, (_, i) => (i * 7919 + 13) % 50257);
    forwardRows.push(await timeForward(mk, g2, tiny ? 'gpt2-tiny2L' : 'gpt2-small', n, tokens));
  }

  // 2. A whole lab run of a model source.
  const textBytes = Number(process.env.BENCH_RUN_TEXT ?? 255);
  const text = new TextDecoder().decode(new TextEncoder().encode(KJV).subarray(0, textBytes));
  const exp: Experiment = { ...DEFAULT_EXPERIMENT, source: { kind: 'model', model: 'kjv-baseline', text } };
  const v = validateExperiment(exp);
  if (!v.ok) throw new Error(`experiment invalid: ${JSON.stringify(v)}`);
  const k = await createKernels(device);
  const models = nodeModels(resolve(ROOT, 'public'));
  const limit = process.env.BENCH_RUN_HEADS ? Number(process.env.BENCH_RUN_HEADS) : null;
  const plan = limit === null ? fullPlan(exp) : { ...fullPlan(exp), heads: Array.from({ length: limit }, (_, u) => u) };
  const runs: Record<string, unknown>[] = [];
  for (let r = 0; r < 1 + RUN_REPS; r++) {
    const counts: Record<string, number> = {};
    const at: Record<string, number> = {};
    let perf: PerfChunk | null = null;
    let n = 0;
    const s0 = performance.now();
    await runExperiment(k, exp, plan, {
      runId: r + 1,
      signal: new AbortController().signal,
      models,
      emit: (c: Chunk) => {
        const t = performance.now() - s0;
        counts[c.kind] = (counts[c.kind] ?? 0) + 1;
        at[`first_${c.kind}`] ??= t;
        at[`last_${c.kind}`] = t;
        if (c.kind === 'model') n = c.ids.length;
        if (c.kind === 'perf') perf = c;
      },
    });
    const wall = performance.now() - s0;
    const p = perf as PerfChunk | null;
    const row = {
      run: r === 0 ? 'cold' : `warm${r}`, n, wall_ms: wall, to_model_ms: at.first_model, to_last_stats_ms: at.last_stats,
      to_last_loss_ms: at.last_loss, counts, at, perf_wall_ms: p?.wallMs, peak_bytes: p?.peakBytes,
      kernels: (p?.kernels ?? []).slice(0, 25), passes: p?.passes, readbacks: p?.readbacks,
    };
    runs.push(row);
    console.log(`run ${String(row.run).padEnd(6)} N=${n} wall ${fmt(wall)} ms; model chunk at ${fmt(at.first_model ?? NaN)} ms, last stats at ${fmt(at.last_stats ?? NaN)} ms, last loss at ${fmt(at.last_loss ?? NaN)} ms; chunks ${JSON.stringify(counts)}; ${p?.passes} passes, ${p?.readbacks} readbacks`);
    if (p) console.log(`  GPU by kernel (profiled run): ${p.kernels.slice(0, 8).map((x) => `${x.label} ${fmt(x.ms)}×${x.calls}`).join(', ')}; peak ${(p.peakBytes / 2 ** 20).toFixed(1)} MiB`);
  }
  const warm = runs.slice(1);
  if (warm.length) {
    const m = (key: string) => median(warm.map((x) => x[key] as number));
    console.log(`run warm median: wall ${fmt(m('wall_ms'))} ms, model ${fmt(m('to_model_ms'))}, last stats ${fmt(m('to_last_stats_ms'))}, last loss ${fmt(m('to_last_loss_ms'))}`);
  }
  if (out) writeFileSync(out, JSON.stringify({ adapter: adapterName, features: [...device.features].sort(), forward: forwardRows, run: runs }, null, 1));
}

await main();
process.exit(0);
