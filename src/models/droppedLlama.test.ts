/**
 * A Llama-layout model dropped as files (model.safetensors + config.json + tokenizer.json, the
 * tiny fixtures): it loads as the 'file' model and runs on the float64 engine with BPE pieces; an
 * unsupported config.json is refused with a message naming the field.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadedLlama } from '../engine/llamaLoaded';
import { runExperimentCpu } from '../engine/cpuRun';
import type { Chunk, ModelChunk } from '../schema/chunk';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { fullPlan } from '../schema/plan';
import { droppedLlama } from './droppedLlama';
import { openLlama } from './hubLlama';
import { writeSafetensors } from './safetensors';
import { tinyLlamaConfig, tinyLlamaTensors, type TinyLlamaSpec } from './testLlama';

const SPEC: TinyLlamaSpec = { nLayer: 2, nHead: 4, nKvHead: 2, nEmbd: 16, nFf: 24, vocab: 274, tied: true, dtype: 'BF16' };
const buf = (u: Uint8Array | Buffer): ArrayBuffer => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
const enc = (s: string) => buf(new TextEncoder().encode(s));
const tokenizer = buf(readFileSync(new URL('./fixtures/tokenizers/bytelevel-bpe.json', import.meta.url)));

describe('a dropped Llama-family model (several files)', () => {
  it('runs with BPE pieces: 2 layers × 4 query heads on 2 K/V heads', async () => {
    const side = new Map([['config.json', enc(JSON.stringify(tinyLlamaConfig(SPEC)))], ['tokenizer.json', tokenizer], ['tokenizer_config.json', enc('{}')]]);
    const d = droppedLlama(side, buf(writeSafetensors(tinyLlamaTensors(SPEC))));
    expect(d).not.toBeNull();
    const lm = loadedLlama('file', await openLlama(d!));
    expect(lm.llama?.config).toMatchObject({ nLayer: 2, nHead: 4, nKvHead: 2, tokenizer: 'hf' });
    const exp: Experiment = { ...DEFAULT_EXPERIMENT, source: { kind: 'model', model: 'file', text: ' the beginning of the earth' }, methods: [{ id: 'softmax', params: {} }], view: { ...DEFAULT_EXPERIMENT.view, layer: 1, head: 3, diff: null } };
    const chunks: Chunk[] = [];
    await runExperimentCpu(exp, { ...fullPlan(exp), thumbs: false }, { runId: 1, signal: new AbortController().signal, emit: (c) => void chunks.push(c), models: { load: () => Promise.resolve(lm) } });
    const m = chunks.find((c): c is ModelChunk => c.kind === 'model')!;
    expect([m.layers, m.heads, m.kvHeads]).toEqual([2, 4, 2]);
    // BPE pieces, not bytes: fewer tokens than characters, and a piece longer than one character.
    expect(m.ids.length).toBeLessThan(' the beginning of the earth'.length);
    expect(m.pieces.some((p) => p.replace(/^␣/, '').length > 1)).toBe(true);
    expect(Number.isFinite(m.meanLoss)).toBe(true);
    expect(chunks.filter((c) => c.kind === 'stats')).toHaveLength(2 * 4);
  });

  it('without config.json it is a GPT-2-style file (not this path)', () => {
    expect(droppedLlama(new Map(), new ArrayBuffer(8))).toBeNull();
  });

  it('an unsupported config.json is refused, naming the field', () => {
    const gemma = buf(readFileSync(new URL('./fixtures/configs/gemma-2b.json', import.meta.url)));
    expect(() => droppedLlama(new Map([['config.json', gemma]]), new ArrayBuffer(8))).toThrow(/model_type|architectures/);
    expect(() => droppedLlama(new Map([['config.json', enc('{oops')]]), new ArrayBuffer(8))).toThrow('config.json is not JSON');
  });
});
