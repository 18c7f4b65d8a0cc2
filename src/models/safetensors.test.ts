import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LabError } from '../schema/errors';
import { f16ToF32, f32ToF16 } from './half';
import { loadModel } from './model';
import { parseSafetensors, tensorF32, writeSafetensors } from './safetensors';
import { tinyMetadata, tinyModelBytes, tinyTensors, type TinySpec } from './testModel';

const SPEC: TinySpec = { nLayer: 2, nHead: 2, nEmbd: 8, nCtx: 16, vocab: 257 };

/** A file from a header object and a data section, exactly as given (for lies). */
function craft(header: unknown, dataBytes: number, headerLen?: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen ?? json.length), true);
  out.set(json, 8);
  return out;
}

function rejects(bytes: Uint8Array, pattern: RegExp): void {
  let err: unknown;
  try {
    loadModel(bytes, { nHead: 2 });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(LabError);
  expect((err as LabError).kind).toBe('bad-input');
  expect((err as LabError).message).toMatch(pattern);
}

const one = (dtype: string, shape: number[], offsets: number[]) => ({ dtype, shape, data_offsets: offsets });

describe('safetensors reader', () => {
  it('round-trips a small generated GPT-2 in F32 exactly', () => {
    const m = loadModel(tinyModelBytes(SPEC));
    expect(m.config).toMatchObject({ nLayer: 2, nHead: 2, nEmbd: 8, nCtx: 16, vocab: 257, tokenizer: 'byte', bos: 256 });
    const want = tinyTensors(SPEC);
    expect(Array.from(m.layers[1]!.attnW)).toEqual(Array.from(Float32Array.from(want['h.1.attn.c_attn.weight']!.data)));
    expect(m.layers[0]!.posTemp).toBeNull();
  });

  it('widens F16 on load within half precision', () => {
    const m = loadModel(tinyModelBytes({ ...SPEC, dtype: 'F16', posTemp: 0.25 }));
    const want = Float32Array.from(tinyTensors(SPEC)['wte.weight']!.data);
    let err = 0;
    for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs((m.wte[i] as number) - (want[i] as number)));
    expect(err).toBeLessThan(1e-3);
    expect(m.layers[1]!.posTemp).toBe(0.25);
  });

  it('converts f16 exactly at the edges (subnormal, max, rounding to even)', () => {
    for (const v of [0, 1, -2, 65504, 2 ** -24, 2 ** -14, 0.1, 1 / 3, 1e-6]) {
      expect(Math.abs(f16ToF32(f32ToF16(v)) - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 2 ** -25);
    }
    expect(f16ToF32(f32ToF16(1e6))).toBe(Infinity);
    expect(f32ToF16(1 + 2 ** -11)).toBe(0x3c00); // tie → even
  });

  it('loads the shipped baseline with its metadata', () => {
    const m = loadModel(readFileSync('public/models/kjv-byte-baseline.safetensors'));
    expect(m.config).toMatchObject({ nLayer: 6, nHead: 16, nEmbd: 256, nCtx: 256, vocab: 257, tokenizer: 'byte', bos: 256 });
    expect(m.metadata.corpus).toMatch(/King James/);
    expect(JSON.parse(m.metadata.training_recipe!).steps).toBe(5000);
  });

  it('reads F32 tensors by name and reports a missing one', () => {
    const f = parseSafetensors(writeSafetensors({ a: { shape: [2, 2], data: [1, 2, 3, 4] } }, { k: 'v' }));
    expect(Array.from(tensorF32(f, 'a').data)).toEqual([1, 2, 3, 4]);
    expect(f.metadata.k).toBe('v');
    expect(() => tensorF32(f, 'b')).toThrow(/"b" is missing/);
  });
});

describe('safetensors rejections (LabError bad-input, message names the problem)', () => {
  const good = tinyModelBytes(SPEC);

  it('truncated files', () => {
    rejects(good.subarray(0, 5), /too short/);
    rejects(good.subarray(0, 40), /runs past the end/);
    rejects(good.subarray(0, good.length - 3), /run past|truncated/);
  });
  it('absurd header length', () => rejects(craft({}, 0, 2 ** 40), /exceeds/));
  it('header that is not JSON', () => {
    const b = craft({}, 0);
    b[8] = 0x5b; // '[' → invalid JSON
    rejects(b, /not valid UTF-8 JSON|not a JSON object/);
  });
  it('wrong dtype', () => rejects(craft({ x: one('I64', [2], [0, 16]) }, 16), /dtype "I64" is not supported/));
  it('shape that disagrees with its byte range (header lie)', () => rejects(craft({ x: one('F32', [3], [0, 8]) }, 8), /needs 12 bytes/));
  it('overlapping offsets', () =>
    rejects(craft({ a: one('F32', [2], [0, 8]), b: one('F32', [2], [4, 12]) }, 12), /overlap/));
  it('out-of-range offsets', () => rejects(craft({ a: one('F32', [4], [0, 16]) }, 8), /run past the 8-byte data section/));
  it('gaps and trailing bytes', () => {
    rejects(craft({ a: one('F32', [1], [4, 8]) }, 8), /gap of 4 bytes/);
    rejects(craft({ a: one('F32', [1], [0, 4]) }, 8), /trailing bytes/);
  });
  it('bad shapes and offsets fields', () => {
    rejects(craft({ a: one('F32', [-1], [0, 4]) }, 4), /shape/);
    rejects(craft({ a: { dtype: 'F32', shape: [1], data_offsets: [0] } }, 4), /data_offsets/);
    rejects(craft({ a: one('F32', [2 ** 20, 2 ** 20], [0, 4]) }, 4), /absurdly large/);
  });
  it('metadata that lies about the model', () => {
    rejects(writeSafetensors(tinyTensors(SPEC), { ...tinyMetadata(SPEC), n_layer: '3' }), /n_layer = 3 but the tensors say 2/);
    rejects(writeSafetensors(tinyTensors(SPEC), { ...tinyMetadata(SPEC), n_head: '3' }), /not divisible/);
    rejects(writeSafetensors(tinyTensors(SPEC), { ...tinyMetadata(SPEC), architecture: 'llama' }), /not gpt2/);
    rejects(writeSafetensors(tinyTensors(SPEC), { ...tinyMetadata(SPEC), bos: '999' }), /bos 999/);
  });
  it('wrong tensor shapes and missing tensors', () => {
    const t = tinyTensors(SPEC);
    rejects(writeSafetensors({ ...t, 'h.0.attn.c_attn.weight': { shape: [24, 8], data: new Float32Array(192) } }, tinyMetadata(SPEC)), /c_attn.weight" has shape \[24, 8\], expected \[8, 24\]/);
    const rest = { ...t };
    delete rest['h.1.mlp.c_fc.bias'];
    rejects(writeSafetensors(rest, tinyMetadata(SPEC)), /"h.1.mlp.c_fc.bias" is missing/);
  });
  it('non-finite weights', () => {
    const t = tinyTensors(SPEC);
    rejects(writeSafetensors({ ...t, 'ln_f.bias': { shape: [8], data: [0, 0, NaN, 0, 0, 0, 0, 0] } }, tinyMetadata(SPEC)), /non-finite/);
  });
  it('a Hugging Face file without metadata needs n_head', () => {
    const bytes = writeSafetensors(tinyTensors(SPEC));
    expect(() => loadModel(bytes)).toThrow(/nHead/);
    expect(loadModel(bytes, { nHead: 2 }).config.tokenizer).toBe('gpt2-bpe');
  });
});
