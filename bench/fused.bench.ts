/**
 * Benchmarks of the fused statistics path, printed as ratios measured side by side in
 * one run. Not a test: nothing here asserts speed.
 *
 *   local (default; SwiftShader here): each flash kernel against its float64 CPU twin, one head,
 *     d = 64, N = 256 and 1024.        npm run bench
 *   h200: H = 12, d = 64, S = 1024, 4096, 8192 — the materialising path (P [H, S, S] written,
 *     with H_i and α_j) and the statistics-only path (H_i and α_j, P never stored), as wall
 *     clock per iteration over many iterations in one submit after warm-up; writes JSON for
 *     bench/peer_torch.py, which times PyTorch eager on the same job and prints the ratios.
 *     bash .device/run.sh node .device/bench.mjs h200 $OUT/wgsl.json
 */
import { writeFileSync } from 'node:fs';
import { GpuArena, readF32 } from '../src/gpu/arena';
import { FlashAlpha, FlashColumns, FlashRowStats, FlashTiles } from '../src/gpu/kernels';
import { FLASH_ROWS_PER_CHUNK } from '../src/gpu/kernels/flashCommon';
import { maxDiff } from '../src/engine/parity';
import { mulberry32, normal } from '../src/engine/random';
import type { FusedKernels } from '../src/engine/fusedStats';
import { flashColumns } from '../src/reference/flashColumns';
import { flashRowStats } from '../src/reference/flashRowStats';
import { flashTiles } from '../src/reference/flashTiles';

interface Env {
  readonly k: FusedKernels;
  readonly adapter: string;
  readonly features: string[];
}

async function setup(): Promise<Env> {
  process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]) as unknown as GPU;
  (globalThis as { benchGpu?: GPU }).benchGpu = gpu; // keep Dawn's instance alive
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter');
  const want: GPUFeatureName[] = ['subgroups', 'timestamp-query'];
  const device = await adapter.requestDevice({
    requiredFeatures: want.filter((f) => adapter.features.has(f)),
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  device.addEventListener('uncapturederror', (e) => console.error('GPU error:', (e as GPUUncapturedErrorEvent).error.message));
  const k: FusedKernels = {
    device,
    flashRowStats: await FlashRowStats.create(device),
    flashColumns: await FlashColumns.create(device),
    flashAlpha: await FlashAlpha.create(device),
    flashTiles: await FlashTiles.create(device),
  };
  const i = adapter.info;
  return {
    k,
    adapter: `${i.vendor} ${i.architecture} ${i.description}`.trim(),
    features: [...device.features].sort(),
  };
}

function randn(count: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: count }, () => normal(rng));
}

const median = (x: number[]): number => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)] as number;

/** Encodes `iters` copies of `build` into one submit; returns ms per copy (wall clock to completion). */
async function timeGpu(k: FusedKernels, build: (arena: GpuArena, enc: GPUCommandEncoder) => void, iters: number): Promise<number> {
  const arena = new GpuArena(k.device);
  try {
    const enc = k.device.createCommandEncoder({ label: 'bench' });
    for (let r = 0; r < iters; r++) build(arena, enc);
    const cmd = enc.finish();
    const t0 = performance.now();
    k.device.queue.submit([cmd]);
    await k.device.queue.onSubmittedWorkDone();
    return (performance.now() - t0) / iters;
  } finally {
    arena.destroy();
  }
}

function timeCpu(f: () => unknown, reps: number): number {
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

const fmt = (x: number, digits = 3): string => (x >= 100 ? x.toFixed(1) : x.toPrecision(digits));

async function local(env: Env): Promise<void> {
  const { k } = env;
  const dev = k.device;
  const d = 64;
  console.log(`adapter: ${env.adapter}; features: ${env.features.join(', ')}; subgroup merge: ${k.flashRowStats.usesSubgroups}`);
  console.log('kernel                    N     gpu_ms     cpu_twin_ms  cpu/gpu   max|err|');
  for (const n of [256, 1024]) {
    const q = randn(n * d, 1);
    const kk = randn(n * d, 2);
    const arena = new GpuArena(dev);
    const qb = arena.upload('bench.Q', q);
    const kb = arena.upload('bench.K', kk);
    const pb = arena.storage('bench.P', n * n);
    const enc0 = dev.createCommandEncoder();
    const rs = k.flashRowStats.encode(dev, arena, enc0, qb, kb, n, d);
    const cols = k.flashColumns.encode(dev, arena, enc0, qb, kb, rs.lse, n, d);
    const alpha = k.flashAlpha.encode(dev, arena, enc0, cols.partial, n, cols.chunks);
    k.flashColumns.encode(dev, arena, enc0, qb, kb, rs.lse, n, d, { p: pb });
    const tile = Math.max(1, Math.ceil(n / 512));
    const tiles = k.flashTiles.encode(dev, arena, enc0, qb, kb, rs.lse, n, d, tile, 'max');
    dev.queue.submit([enc0.finish()]);
    const got = {
      h: await readF32(dev, rs.h, n),
      alpha: await readF32(dev, alpha, n),
      p: await readF32(dev, pb, n * n),
      tiles: await readF32(dev, tiles.out, tiles.t * tiles.t),
    };
    const rowRef = flashRowStats(q, kk, n, d);
    const colRef = flashColumns(q, kk, n, d, FLASH_ROWS_PER_CHUNK);
    const tileRef = flashTiles(q, kk, n, d, tile, 'max');
    const reps = 3;
    const rows: [string, number, number, number][] = [];
    const gpuMs = async (b: (a: GpuArena, e: GPUCommandEncoder) => void): Promise<number> => {
      const t: number[] = [];
      for (let r = 0; r < reps; r++) t.push(await timeGpu(k, b, 1));
      return median(t);
    };
    rows.push(['flashRowStats (lse, H)', await gpuMs((a, e) => k.flashRowStats.encode(dev, a, e, qb, kb, n, d)),
      timeCpu(() => flashRowStats(q, kk, n, d), reps), maxDiff(got.h, rowRef.h)]);
    rows.push(['flashColumns+Alpha (α)', await gpuMs((a, e) => {
      const c = k.flashColumns.encode(dev, a, e, qb, kb, rs.lse, n, d);
      k.flashAlpha.encode(dev, a, e, c.partial, n, c.chunks);
    }), timeCpu(() => flashColumns(q, kk, n, d, FLASH_ROWS_PER_CHUNK), reps), maxDiff(got.alpha, colRef.alpha)]);
    rows.push(['flashColumns write P', await gpuMs((a, e) => k.flashColumns.encode(dev, a, e, qb, kb, rs.lse, n, d, { p: pb })),
      timeCpu(() => flashColumns(q, kk, n, d, FLASH_ROWS_PER_CHUNK), reps), maxDiff(got.p, colRef.p)]);
    rows.push([`flashTiles tile=${tile} max`, await gpuMs((a, e) => k.flashTiles.encode(dev, a, e, qb, kb, rs.lse, n, d, tile, 'max')),
      timeCpu(() => flashTiles(q, kk, n, d, tile, 'max'), reps), maxDiff(got.tiles, tileRef.data)]);
    arena.destroy();
    for (const [name, g, c, err] of rows) {
      console.log(`${name.padEnd(25)} ${String(n).padEnd(5)} ${fmt(g).padStart(9)}  ${fmt(c).padStart(12)}  ${fmt(c / g).padStart(7)}   ${err.toExponential(1)}`);
    }
  }
}

/** Lower bound of a job in ms: bytes at 4 TB/s or FLOPs at 50 TFLOP/s, whichever is larger. */
function bound(bytes: number, flops: number): number {
  return Math.max(bytes / 4e12, flops / 50e12) * 1e3;
}

async function h200(env: Env, outPath: string | undefined): Promise<void> {
  const { k } = env;
  const dev = k.device;
  const [H, d] = [12, 64];
  const maxBind = Math.min(dev.limits.maxStorageBufferBindingSize, dev.limits.maxBufferSize);
  console.log(`adapter: ${env.adapter}; features: ${env.features.join(', ')}; subgroup merge: ${k.flashRowStats.usesSubgroups}; maxStorageBufferBindingSize ${dev.limits.maxStorageBufferBindingSize}`);
  const results: { mode: string; S: number; wgsl_ms: number; bound_ms: number; iters: number; samples: number[] }[] = [];
  // BENCH_SIZES=64,128 smoke-tests this mode on SwiftShader before spending device time.
  const sizes = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : [1024, 4096, 8192];
  for (const S of sizes) {
    const q = randn(H * S * d, 10 + S);
    const kk = randn(H * S * d, 20 + S);
    const arena = new GpuArena(dev);
    const qb = arena.upload('bench.Q', q);
    const kb = arena.upload('bench.K', kk);
    const perHead = S * S * 4;
    const g = Math.max(1, Math.floor(maxBind / perHead));
    const groups: { head0: number; heads: number; p: GPUBuffer }[] = [];
    for (let h0 = 0; h0 < H; h0 += g) {
      const heads = Math.min(g, H - h0);
      groups.push({ head0: h0, heads, p: arena.storage(`bench.P${h0}`, heads * S * S) });
    }
    const statsOnly = (a: GpuArena, e: GPUCommandEncoder): { h: GPUBuffer; alpha: GPUBuffer } => {
      const rs = k.flashRowStats.encode(dev, a, e, qb, kb, S, d, { heads: H });
      const c = k.flashColumns.encode(dev, a, e, qb, kb, rs.lse, S, d, { heads: H });
      return { h: rs.h, alpha: k.flashAlpha.encode(dev, a, e, c.partial, S, c.chunks, H) };
    };
    // Per group of heads whose P fits one binding: pass 1 stores the scores in P, pass 2
    // normalises them in place (one QKᵀ), then α.
    const materialise = (a: GpuArena, e: GPUCommandEncoder): { h: GPUBuffer[]; alpha: GPUBuffer[] } => {
      const out = groups.map((gr) => {
        const o = { heads: gr.heads, head0: gr.head0 };
        const rs = k.flashRowStats.encode(dev, a, e, qb, kb, S, d, { ...o, scores: gr.p });
        const c = k.flashColumns.encode(dev, a, e, qb, kb, rs.lse, S, d, { ...o, p: gr.p, fromP: true });
        return { h: rs.h, alpha: k.flashAlpha.encode(dev, a, e, c.partial, S, c.chunks, gr.heads) };
      });
      return { h: out.map((x) => x.h), alpha: out.map((x) => x.alpha) };
    };
    // Correctness on the real GPU at the first size: head 0's H, α and P against the float64 twin.
    if (S === sizes[0]) {
      const a = new GpuArena(dev);
      const e = dev.createCommandEncoder();
      const m = materialise(a, e);
      const s = statsOnly(a, e);
      dev.queue.submit([e.finish()]);
      const q0 = q.subarray(0, S * d);
      const k0 = kk.subarray(0, S * d);
      const rowRef = flashRowStats(q0, k0, S, d);
      const colRef = flashColumns(q0, k0, S, d, FLASH_ROWS_PER_CHUNK);
      const hm = (await readF32(dev, m.h[0] as GPUBuffer, S));
      const am = (await readF32(dev, m.alpha[0] as GPUBuffer, S));
      const hs = (await readF32(dev, s.h, S));
      const as = (await readF32(dev, s.alpha, S));
      const p0 = await readF32(dev, (groups[0] as { p: GPUBuffer }).p, S * S);
      a.destroy();
      console.log(`parity head 0, S=${S}: materialise max|ΔH| ${maxDiff(hm, rowRef.h).toExponential(2)} max|Δα| ${maxDiff(am, colRef.alpha).toExponential(2)} max|ΔP| ${maxDiff(p0, colRef.p).toExponential(2)}; stats-only max|ΔH| ${maxDiff(hs, rowRef.h).toExponential(2)} max|Δα| ${maxDiff(as, colRef.alpha).toExponential(2)}`);
    }
    const flops = H * d * S * S; // causal half of QKᵀ: 2·H·d·S²/2
    const iters = Number(process.env.BENCH_ITERS ?? 0) || (S >= 8192 ? 5 : S >= 4096 ? 10 : 40);
    for (const [mode, build, bytes] of [
      ['materialise', materialise, H * S * S * 4 + 2 * H * S * d * 4],
      ['stats-only', statsOnly, 2 * H * S * d * 4],
    ] as const) {
      await timeGpu(k, build, 2); // warm-up: pipelines, lazy zero-init of P
      const samples: number[] = [];
      for (let r = 0; r < (process.env.BENCH_ITERS ? 1 : 5); r++) samples.push(await timeGpu(k, build, iters));
      const ms = median(samples);
      const b = bound(bytes, flops);
      results.push({ mode, S, wgsl_ms: ms, bound_ms: b, iters, samples });
      console.log(`wgsl ${mode.padEnd(11)} S=${String(S).padEnd(5)} ${fmt(ms, 4).padStart(8)} ms  (lower bound ${fmt(b)} ms, ${(100 * b / ms).toFixed(1)}% of it; samples ${samples.map((x) => fmt(x)).join(' ')})`);
    }
    // Where the time goes: each pass alone (same iterations; lse from one pass-1 run).
    const pre = new GpuArena(dev);
    const e0 = dev.createCommandEncoder();
    const lse = k.flashRowStats.encode(dev, pre, e0, qb, kb, S, d, { heads: H }).lse;
    dev.queue.submit([e0.finish()]);
    const parts: string[] = [];
    for (const [name, build] of [
      ['pass1 rowStats', (a: GpuArena, e: GPUCommandEncoder) => void k.flashRowStats.encode(dev, a, e, qb, kb, S, d, { heads: H })],
      ['pass1 rowStats+scores', (a: GpuArena, e: GPUCommandEncoder) => {
        for (const gr of groups) k.flashRowStats.encode(dev, a, e, qb, kb, S, d, { heads: gr.heads, head0: gr.head0, scores: gr.p });
      }],
      ['pass2 columns', (a: GpuArena, e: GPUCommandEncoder) => void k.flashColumns.encode(dev, a, e, qb, kb, lse, S, d, { heads: H })],
      ['pass2 columns+P (recompute)', (a: GpuArena, e: GPUCommandEncoder) => {
        for (const gr of groups) k.flashColumns.encode(dev, a, e, qb, kb, lse, S, d, { heads: gr.heads, head0: gr.head0, p: gr.p });
      }],
      ['pass2 columns fromP', (a: GpuArena, e: GPUCommandEncoder) => {
        for (const gr of groups) k.flashColumns.encode(dev, a, e, qb, kb, lse, S, d, { heads: gr.heads, head0: gr.head0, p: gr.p, fromP: true });
      }],
    ] as const) {
      await timeGpu(k, build, 1);
      const t: number[] = [];
      for (let r = 0; r < 3; r++) t.push(await timeGpu(k, build, iters));
      parts.push(`${name} ${fmt(median(t))} ms`);
    }
    pre.destroy();
    console.log(`  S=${S} breakdown: ${parts.join(', ')} (one causal QKᵀ at 50 TFLOP/s: ${fmt(flops / 50e9)} ms)`);
    arena.destroy();
  }
  if (outPath) writeFileSync(outPath, JSON.stringify({ adapter: env.adapter, features: env.features, results }, null, 1));
}

const [mode = 'local', out] = process.argv.slice(2);
const env = await setup();
if (mode === 'h200') await h200(env, out);
else await local(env);
process.exit(0);
