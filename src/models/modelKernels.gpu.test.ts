import { describe, expect, it } from 'vitest';
import { GpuArena, readF32 } from '../gpu/arena';
import { maxDiff } from '../engine/parity';
import { biasAct } from '../reference/biasAct';
import { embed } from '../reference/embed';
import { headMerge } from '../reference/headMerge';
import { headSplit } from '../reference/headSplit';
import { layerNorm } from '../reference/layerNorm';
import { tokenLoss } from '../reference/tokenLoss';
import { nodeDevice } from '../testing/nodeGpu';
import { createModelKernels, type ModelKernels } from './forward';

let kp: Promise<ModelKernels> | null = null;
const kernels = () => (kp ??= nodeDevice().then(({ device }) => createModelKernels(device)));

function rand(count: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
}

async function gpu(build: (k: ModelKernels, a: GpuArena, e: GPUCommandEncoder) => { out: GPUBuffer; count: number }): Promise<Float32Array> {
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

describe('model kernels on Dawn vs float64 twins', () => {
  it('layerNorm (rows 7, d 100, offset rows) within 1e-5', async () => {
    const [rows, d] = [7, 100];
    const x = rand(rows * d, 1, 3).map((v, i) => v + (i % 3) * 50);
    const g = rand(d, 2, 1);
    const b = rand(d, 3, 1);
    const got = await gpu((k, a, e) => ({ out: k.layerNorm.encode(k.device, a, e, a.upload('x', x), a.upload('g', g), a.upload('b', b), rows, d, 1e-5), count: rows * d }));
    expect(maxDiff(got, layerNorm(x, g, b, rows, d, 1e-5))).toBeLessThan(1e-5);
  });

  it('biasAct: bias, GELU (incl. ±40) and residual within 1e-6 relative', async () => {
    const [rows, cols] = [5, 70];
    const x = rand(rows * cols, 4, 4);
    x[0] = 40;
    x[1] = -40;
    const b = rand(cols, 5);
    const r = rand(rows * cols, 6);
    for (const opts of [{}, { gelu: true }, { residual: true }, { gelu: true, residual: true }]) {
      const got = await gpu((k, a, e) => ({
        out: k.biasAct.encode(k.device, a, e, a.upload('x', x), a.upload('b', b), rows, cols, { gelu: 'gelu' in opts, residual: 'residual' in opts ? a.upload('r', r) : undefined }),
        count: rows * cols,
      }));
      const want = biasAct(x, b, rows, cols, { gelu: 'gelu' in opts, residual: 'residual' in opts ? r : undefined });
      expect(maxDiff(got, want, true), JSON.stringify(opts)).toBeLessThan(1e-6);
    }
  });

  it('embed gathers token and position rows (one f32 add)', async () => {
    const [n, d, vocab] = [6, 20, 9];
    const toks = Float32Array.from([8, 0, 3, 3, 1, 7]);
    const wte = rand(vocab * d, 7);
    const wpe = rand(10 * d, 8);
    const got = await gpu((k, a, e) => ({ out: k.embed.encode(k.device, a, e, a.upload('t', toks), a.upload('wte', wte), a.upload('wpe', wpe), n, d, vocab), count: n * d }));
    expect(maxDiff(got, embed(toks, wte, wpe, n, d))).toBeLessThan(2e-7);
  });

  it('headSplit and headMerge move one head exactly', async () => {
    const [n, d, hd] = [5, 12, 4];
    const qkv = rand(n * 3 * d, 9);
    for (const part of [0, 1, 2] as const) {
      const got = await gpu((k, a, e) => ({ out: k.headSplit.encode(k.device, a, e, a.upload('qkv', qkv), n, d, hd, part, 2), count: n * hd }));
      expect(maxDiff(got, headSplit(qkv, n, d, hd, part, 2))).toBe(0);
    }
    const o = rand(n * hd, 10);
    const y0 = rand(n * d, 11);
    const got = await gpu((k, a, e) => {
      const y = a.upload('y', y0, GPUBufferUsage.COPY_SRC);
      k.headMerge.encode(k.device, a, e, a.upload('o', o), y, n, d, hd, 1);
      return { out: y, count: n * d };
    });
    const want = Float64Array.from(y0);
    headMerge(o, want, n, d, hd, 1);
    expect(maxDiff(got, want)).toBe(0);
  });

  it('tokenLoss: loss, logZ within 1e-5, top-5 ids exact (V = 300 and V = 3)', async () => {
    for (const [n, vocab] of [[4, 300], [3, 3]] as const) {
      const logits = rand(n * vocab, 12 + vocab, 6);
      const targets = Float32Array.from({ length: n }, (_, i) => (i + 1 < n ? (i * 7) % vocab : -1));
      const got = await gpu((k, a, e) => ({ out: k.tokenLoss.encode(k.device, a, e, a.upload('l', logits), a.upload('t', targets), n, vocab), count: n * 12 }));
      const want = tokenLoss(logits, targets, n, vocab);
      expect(maxDiff(got, want, true), `V=${vocab}`).toBeLessThan(1e-5);
      expect(got[(n - 1) * 12]).toBe(-1);
    }
  });
});
