/**
 * The Llama-family kernels on Dawn against their float64 twins, at several sizes including odd
 * ones (n, d, rows not multiples of the 16-wide tiles or the 64-wide workgroups) and every
 * attention kind (multi-head, grouped-query, multi-query). Tolerances are stated per kernel with
 * the reason; maxDiff(…, true) is |gpu − twin| / (1 + |twin|).
 */
import { describe, expect, it } from 'vitest';
import { GpuArena, readF32 } from '../gpu/arena';
import { createLlamaKernels, packHalf, type LlamaKernels } from '../gpu/kernels/llama';
import { maxDiff } from '../engine/parity';
import { embedRows } from '../reference/embedRows';
import { gqaOutput } from '../reference/gqaOutput';
import { gqaScores, type GqaLayout } from '../reference/gqaScores';
import { linear } from '../reference/linear';
import { rmsNorm } from '../reference/rmsNorm';
import { rope, ropeTables } from '../reference/rope';
import { softmaxRows } from '../reference/softmaxRows';
import { swiglu } from '../reference/swiglu';
import { nodeDevice } from '../testing/nodeGpu';
import { bf16ToF32, f16ToF32, f32ToBf16, f32ToF16 } from './half';

type Kernels = LlamaKernels;

let kp: Promise<Kernels> | null = null;
const kernels = (): Promise<Kernels> => (kp ??= nodeDevice().then(({ device }) => createLlamaKernels(device)));

function rand(count: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
}

async function gpu(build: (k: Kernels, a: GpuArena, e: GPUCommandEncoder) => { out: GPUBuffer; count: number }): Promise<Float32Array> {
  const k = await kernels();
  const arena = new GpuArena(k.device);
  try {
    const enc = k.device.createCommandEncoder();
    const r = build(k, arena, enc);
    k.device.queue.submit([enc.finish()]);
    return await readF32(k.device, r.out, r.count);
  } finally {
    arena.destroy();
  }
}

describe('Llama kernels on Dawn vs float64 twins', () => {
  it('rmsNorm (rows × d = 1×1, 7×100, 5×577 with offsets) within 2e-6 relative', async () => {
    // f32 sum of squares tree-reduced (error ≲ log2(WG)·2⁻²⁴ relative) and inverseSqrt (2 ULP).
    for (const [rows, d, seed] of [[1, 1, 1], [7, 100, 2], [5, 577, 3]] as const) {
      const x = rand(rows * d, seed, 3).map((v, i) => v + (i % 5) * 7);
      const g = rand(d, seed + 10, 0.5).map((v) => v + 1);
      const got = await gpu((k, a, e) => ({ out: k.rmsNorm.encode(k.device, a, e, a.upload('x', x), a.upload('g', g), rows, d, 1e-5), count: rows * d }));
      expect(maxDiff(got, rmsNorm(x, g, rows, d, 1e-5), true), `${rows}×${d}`).toBeLessThan(2e-6);
    }
  });

  it('rope in place: fused Q|K heads by stride, llama3 scaling, n = 1, 37, 300; within 1e-6 relative', async () => {
    // Two f32 products and a sum per entry on tables rounded once to f32: a few ULP of |x| ≤ 2.
    const cases = [
      { n: 1, heads: 2, d: 8, stride: 40, offset: 0, rope: { theta: 10000, scaling: { kind: 'none' } } },
      { n: 37, heads: 6 + 2, d: 16, stride: (6 + 4) * 16, offset: 0, rope: { theta: 500000, scaling: { kind: 'llama3', factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 8 } } },
      { n: 300, heads: 3, d: 64, stride: 3 * 64 + 10, offset: 5, rope: { theta: 1e6, scaling: { kind: 'linear', factor: 4 } } },
    ] as const;
    for (const c of cases) {
      const x = rand(c.n * c.stride, c.n + 3, 2);
      const { cos, sin } = ropeTables(c.n, c.d, c.rope);
      const got = await gpu((k, a, e) => {
        const buf = a.upload('x', x, GPUBufferUsage.COPY_SRC);
        k.rope.encode(k.device, a, e, buf, a.upload('cos', Float32Array.from(cos)), a.upload('sin', Float32Array.from(sin)), c);
        return { out: buf, count: x.length };
      });
      const want = rope(Float64Array.from(x), c.n, c.stride, c.offset, c.heads, c.d, cos, sin);
      expect(maxDiff(got, want, true), `n ${c.n}`).toBeLessThan(1e-6);
    }
  });

  it('rope at position i rotates pair (c, c + d/2) by i·f_c: a 2-D check of the convention', () => {
    const d = 4;
    const { cos, sin } = ropeTables(3, d, { theta: 100, scaling: { kind: 'none' } });
    const x = Float64Array.from([1, 0, 0, 0, /* i=1 */ 1, 0, 0, 0, /* i=2 */ 0, 1, 0, 0]);
    rope(x, 3, d, 0, 1, d, cos, sin);
    // f = [1, 0.1]: entry 0 pairs with entry 2, entry 1 with entry 3 (rotate_half, not interleaved).
    expect(Array.from(x.subarray(0, 4))).toEqual([1, 0, 0, 0]);
    expect(x[4]).toBeCloseTo(Math.cos(1), 7);
    expect(x[6]).toBeCloseTo(Math.sin(1), 7);
    expect(x[9]).toBeCloseTo(Math.cos(0.2), 7);
    expect(x[11]).toBeCloseTo(Math.sin(0.2), 7);
  });

  it('swiglu: separate and fused gate|up, odd sizes, g = ±40 and ±100; within 4e-6 relative', async () => {
    // WGSL exp is accurate to 3 + 2|x| ULP and division to 2.5 ULP; |g| ≤ 4 in the bulk.
    for (const [rows, cols, fused] of [[1, 1, false], [3, 67, false], [5, 130, true]] as const) {
      const stride = fused ? 2 * cols : cols;
      const g = rand(rows * stride, cols, 4);
      g[0] = 40;
      if (g.length > 2) { g[1] = -40; g[2] = -100; }
      const u = fused ? g : rand(rows * cols, cols + 1, 2);
      const upOffset = fused ? cols : 0;
      const got = await gpu((k, a, e) => {
        const gb = a.upload('g', g);
        return { out: k.swiglu.encode(k.device, a, e, gb, fused ? gb : a.upload('u', u), rows, cols, stride, upOffset), count: rows * cols };
      });
      expect(maxDiff(got, swiglu(g, u, rows, cols, stride, upOffset), true), `${rows}×${cols}${fused ? ' fused' : ''}`).toBeLessThan(4e-6);
    }
  });

  it('linear y = x·Wᵀ + b + r, f32, f16 and bf16 weights (odd counts), odd shapes; within 1e-5 relative', async () => {
    // f32 dot products of ≤ 131 terms with Σ|x·w| up to ~35: rounding grows like √in · 2⁻²⁴ ·
    // Σ|x·w| (a random walk; ≈ 3e-6 measured), bounded by in · 2⁻²⁴ · Σ|x·w|. The 16-bit paths are
    // compared with the twin on the same stored values, so storage adds no error of its own.
    for (const [m, inDim, outDim, withBias, withRes] of [[1, 1, 1, false, false], [7, 33, 19, true, false], [20, 131, 47, true, true]] as const) {
      const x = rand(m * inDim, inDim, 1);
      const w = rand(outDim * inDim, outDim, 1);
      const b = rand(outDim, 5, 1);
      const r = rand(m * outDim, 6, 1);
      const half = Uint16Array.from(w, f32ToF16);
      const brain = Uint16Array.from(w, f32ToBf16);
      const stored = { f32: w, f16: Float32Array.from(half, f16ToF32), bf16: Float32Array.from(brain, bf16ToF32) };
      const bytes = { f32: w, f16: packHalf(half), bf16: packHalf(brain) };
      for (const storage of ['f32', 'f16', 'bf16'] as const) {
        const got = await gpu((k, a, e) => ({
          out: k.linear.encode(k.device, a, e, a.upload('x', x), a.upload('w', bytes[storage]), storage, m, inDim, outDim, {
            bias: withBias ? a.upload('b', b) : undefined,
            residual: withRes ? a.upload('r', r) : undefined,
          }),
          count: m * outDim,
        }));
        const want = linear(x, stored[storage], m, inDim, outDim, withBias ? b : null, withRes ? r : null);
        expect(maxDiff(got, want, true), `${m}×${inDim}→${outDim} ${storage}`).toBeLessThan(1e-5);
      }
    }
  });

  it('embedRows gathers rows exactly from f32, f16 and bf16 tables (odd d), ids out of range give 0', async () => {
    const [n, d, vocab] = [6, 75, 9];
    const toks = Float32Array.from([8, 0, 3, 3, 9, -1]);
    const table = rand(vocab * d, 21, 2);
    const half = Uint16Array.from(table, f32ToF16);
    const brain = Uint16Array.from(table, f32ToBf16);
    const stored = { f32: table, f16: Float32Array.from(half, f16ToF32), bf16: Float32Array.from(brain, bf16ToF32) };
    const bytes = { f32: table, f16: packHalf(half), bf16: packHalf(brain) };
    for (const storage of ['f32', 'f16', 'bf16'] as const) {
      const got = await gpu((k, a, e) => ({
        out: k.embedRows.encode(k.device, a, e, a.upload('t', toks), a.upload('e', bytes[storage]), storage, n, d, vocab),
        count: n * d,
      }));
      expect(maxDiff(got, embedRows(toks, stored[storage], n, d, vocab)), storage).toBe(0);
    }
  });

  const layouts: (GqaLayout & { kv: number; what: string })[] = [
    { what: 'MHA separate', n: 17, d: 8, heads: 4, group: 1, kv: 4, qStride: 32, qOffset: 0, kStride: 32, kOffset: 0 },
    { what: 'GQA 6 on 2, fused Q|K|V', n: 37, d: 40, heads: 6, group: 3, kv: 2, qStride: 400, qOffset: 0, kStride: 400, kOffset: 240 },
    { what: 'MQA 3 on 1, n = 1', n: 1, d: 64, heads: 3, group: 3, kv: 1, qStride: 192, qOffset: 0, kStride: 64, kOffset: 0 },
  ];

  it('gqaScores: every head in one dispatch, query head h reads K head ⌊h/group⌋; causal part within 2e-6 relative', async () => {
    // f32 dot products of d ≤ 64 terms, |q·k| ≲ 1, scaled once.
    for (const l of layouts) {
      const fused = l.qStride === l.kStride && l.kOffset > 0;
      const q = rand(l.n * l.qStride, l.n + l.d, 1);
      const k = fused ? q : rand(l.n * l.kStride, l.d, 1);
      const m = rand(l.n, 9, 0.5).map((v) => 1 + v);
      const got = await gpu((kk, a, e) => {
        const qb = a.upload('q', q);
        return { out: kk.gqaScores.encode(kk.device, a, e, qb, fused ? qb : a.upload('k', k), l, 0.3, a.upload('m', m)), count: l.heads * l.n * l.n };
      });
      const want = gqaScores(q, k, l, 0.3, m);
      const causal = (s: ArrayLike<number>) => Array.from(s).filter((_, at) => at % l.n <= Math.floor(at / l.n) % l.n);
      expect(maxDiff(causal(got), causal(want), true), l.what).toBeLessThan(2e-6);
      // the grouping itself: head 1 equals a direct q_1 · k_{⌊1/group⌋} at (last row, key 0)
      const i = l.n - 1;
      const h = Math.min(1, l.heads - 1);
      let dot = 0;
      for (let c = 0; c < l.d; c++) dot += (q[i * l.qStride + l.qOffset + h * l.d + c] as number) * (k[l.kOffset + Math.floor(h / l.group) * l.d + c] as number);
      expect(want[(h * l.n + i) * l.n]).toBeCloseTo(dot * 0.3 * (m[i] as number), 10);
    }
  });

  it('gqaOutput: every head in one dispatch into [n, H·d], V by stride; within 1e-6 absolute', async () => {
    // Convex combinations (rows of P sum to 1) of |v| ≤ 1 over ≤ 37 keys in f32.
    for (const l of layouts) {
      const vStride = l.kStride;
      const vOffset = l.qStride === l.kStride && l.kOffset > 0 ? l.kOffset + l.kv * l.d : 0;
      const v = rand(l.n * vStride, 77 + l.d, 1);
      const p = new Float32Array(l.heads * l.n * l.n);
      for (let h = 0; h < l.heads; h++) p.set(softmaxRows(rand(l.n * l.n, h + 3, 3), l.n), h * l.n * l.n);
      const got = await gpu((k, a, e) => ({
        out: k.gqaOutput.encode(k.device, a, e, a.upload('p', p), a.upload('v', v), { n: l.n, d: l.d, heads: l.heads, group: l.group, vStride, vOffset }),
        count: l.n * l.heads * l.d,
      }));
      expect(maxDiff(got, gqaOutput(p, v, l.n, l.d, l.heads, l.group, vStride, vOffset)), l.what).toBeLessThan(1e-6);
    }
  });
});
