import { describe, expect, it } from 'vitest';
import { LabError } from '../schema/errors';
import { validateExperiment } from '../schema/validate';
import { DEFAULT_EXPERIMENT } from '../schema/experiment';
import { defaultMethod } from '../schema/methods';
import { mapsOf, randomQkv } from '../testing/importFixture';
import { readImport } from './importTensors';
import { writeNpy } from './npy';
import { writeSafetensors } from './safetensors';

const file = (name: string, bytes: Uint8Array) => ({ name, bytes });

function refused(f: () => unknown, re: RegExp) {
  let err: unknown = null;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(LabError);
  expect((err as LabError).message).toMatch(re);
}

describe('readImport: your own Q, K, V or maps', () => {
  const { q, k, v } = randomQkv(2, 3, 10, 4);

  it('reads q, k, v [layers, heads, n, d] from one .safetensors and describes them', () => {
    const t = readImport([file('gpt2.safetensors', writeSafetensors({ q, k, v }))]);
    expect(t.source).toEqual({ kind: 'import', name: 'gpt2.safetensors', layers: 2, heads: 3, seqLen: 10, headDim: 4, hasV: true, maps: false });
    expect(t.q).toEqual(q.data);
    expect(t.maps).toBeNull();
    expect(validateExperiment({ ...DEFAULT_EXPERIMENT, source: t.source }).ok).toBe(true);
  });

  it('reads several .npy files named by stem; [heads, n, d] is one layer; V is optional', () => {
    const q3 = { data: q.data.subarray(0, 3 * 10 * 4), shape: [3, 10, 4] };
    const t = readImport([file('q.npy', writeNpy(q3)), file('K.npy', writeNpy(q3))]);
    expect(t.source).toMatchObject({ name: 'q.npy+K.npy', layers: 1, heads: 3, seqLen: 10, headDim: 4, hasV: false, maps: false });
    expect(t.v).toBeNull();
  });

  it('reads attention maps alone (maps-only import), with V when given', () => {
    const maps = mapsOf(q, k);
    const attn = { data: Float32Array.from(maps.flatMap((m) => Array.from(m))), shape: [2, 3, 10, 10] };
    const t = readImport([file('attn.npy', writeNpy(attn))]);
    expect(t.source).toMatchObject({ layers: 2, heads: 3, seqLen: 10, headDim: 0, hasV: false, maps: true });
    const tv = readImport([file('a.safetensors', writeSafetensors({ attn, v }))]);
    expect(tv.source).toMatchObject({ headDim: 4, hasV: true, maps: true });
    // Q and K beside maps drive the run; the maps are then not used.
    expect(readImport([file('all.safetensors', writeSafetensors({ q, k, attn }))]).source.maps).toBe(false);
  });

  it('refuses mismatched shapes, a missing K, unknown names, garbage and out-of-bounds shapes with clear messages', () => {
    refused(() => readImport([file('x.safetensors', writeSafetensors({ q, k: { data: k.data.subarray(0, 2 * 3 * 9 * 4), shape: [2, 3, 9, 4] } }))]), /K shape \[2, 3, 9, 4\] differs from Q/);
    refused(() => readImport([file('q.npy', writeNpy(q))]), /K is missing/);
    refused(() => readImport([file('weights.npy', writeNpy(q))]), /name the files q\.npy/);
    refused(() => readImport([file('junk.safetensors', new TextEncoder().encode('not a tensor file at all'))]), /safetensors/);
    refused(() => readImport([file('x.safetensors', writeSafetensors({ q, k, v: { data: new Float32Array(2 * 3 * 10 * 5), shape: [2, 3, 10, 5] } }))]), /V has width 5/);
    refused(() => readImport([file('q.npy', writeNpy(q)), file('q2.safetensors', writeSafetensors({ q, k }))]), /two tensors for q/);
    const big = { data: new Float32Array(300), shape: [1, 1, 1, 300] };
    refused(() => readImport([file('x.safetensors', writeSafetensors({ q: big, k: big }))]), /d ≤ 256/);
    const nan = { data: q.data.slice(), shape: q.shape };
    nan.data[17] = NaN;
    refused(() => readImport([file('x.safetensors', writeSafetensors({ q: nan, k }))]), /Q has a non-finite value/);
  });

  it('refuses maps that are not causal distributions, naming the tensor and the first bad row', () => {
    const n = 5;
    const good = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) good[i * n + j] = 1 / (i + 1);
    expect(() => readImport([file('attn.npy', writeNpy({ data: good, shape: [n, n] }))])).not.toThrow();
    const rowSum = good.slice();
    rowSum[3 * n] = 0.5; // row 3 sums to 1.25
    refused(() => readImport([file('attn.npy', writeNpy({ data: rowSum, shape: [n, n] }))]), /attn: layer 0, head 0, row 3 sums to 1\.25/);
    const upper = good.slice();
    upper[1 * n + 4] = 0.01;
    refused(() => readImport([file('maps.npy', writeNpy({ data: upper, shape: [1, n, n] }))]), /maps: layer 0, head 0, row 1: key 4 > 1/);
    const neg = good.slice();
    neg[2 * n] = -0.1;
    refused(() => readImport([file('attention.npy', writeNpy({ data: neg, shape: [n, n] }))]), /attention: layer 0, head 0, row 2: value -0\.1/);
    refused(() => readImport([file('attn.npy', writeNpy({ data: new Float32Array(12), shape: [3, 4] }))]), /square/);
  });

  it('the validator refuses σReparam on Q/K imports and logit methods on maps, saying why', () => {
    const t = readImport([file('x.safetensors', writeSafetensors({ q, k }))]);
    const r = validateExperiment({ ...DEFAULT_EXPERIMENT, source: t.source, methods: [defaultMethod('softmax'), defaultMethod('sigma')] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.message).toMatch(/pane 1: σReparam .* needs the layer input X/);
    const maps = { ...t.source, maps: true };
    const ok = validateExperiment({ ...DEFAULT_EXPERIMENT, source: maps, methods: [defaultMethod('softmax'), defaultMethod('act')] });
    expect(ok.ok).toBe(true);
    const bad = validateExperiment({ ...DEFAULT_EXPERIMENT, source: maps, methods: [defaultMethod('softmax'), defaultMethod('temperature')] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]?.message).toMatch(/temperature acts on the logits/);
  });
});
