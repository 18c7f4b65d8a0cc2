/**
 * A small random GPT-2 in safetensors form, for loader and forward-pass tests (no fixture data in
 * the source: it is generated from a seed).
 */
import { mulberry32 } from '../engine/random';
import { writeSafetensors, type StTensorIn } from './safetensors';

export interface TinySpec {
  readonly nLayer: number;
  readonly nHead: number;
  readonly nEmbd: number;
  readonly nCtx: number;
  readonly vocab: number;
  readonly dtype?: 'F32' | 'F16';
  readonly posTemp?: number;
  readonly seed?: number;
}

/** Deterministic uniform(−1, 1) stream: the engine's mulberry32, rescaled. */
function rng(seed: number): () => number {
  const u = mulberry32(seed);
  return () => u() * 2 - 1;
}

/** The tensors of a random GPT-2 (names and Conv1D layouts as in model.ts). */
export function tinyTensors(spec: TinySpec): Record<string, StTensorIn> {
  const r = rng(spec.seed ?? 1);
  const d = spec.nEmbd;
  const dtype = spec.dtype ?? 'F32';
  const rand = (shape: number[], scale: number, offset = 0): StTensorIn => ({
    shape,
    dtype,
    data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => offset + scale * r()),
  });
  const t: Record<string, StTensorIn> = { 'wte.weight': rand([spec.vocab, d], 0.5), 'wpe.weight': rand([spec.nCtx, d], 0.2) };
  for (let i = 0; i < spec.nLayer; i++) {
    const p = `h.${i}.`;
    t[`${p}ln_1.weight`] = rand([d], 0.2, 1);
    t[`${p}ln_1.bias`] = rand([d], 0.1);
    t[`${p}attn.c_attn.weight`] = rand([d, 3 * d], 0.6);
    t[`${p}attn.c_attn.bias`] = rand([3 * d], 0.1);
    t[`${p}attn.c_proj.weight`] = rand([d, d], 0.3);
    t[`${p}attn.c_proj.bias`] = rand([d], 0.1);
    t[`${p}ln_2.weight`] = rand([d], 0.2, 1);
    t[`${p}ln_2.bias`] = rand([d], 0.1);
    t[`${p}mlp.c_fc.weight`] = rand([d, 4 * d], 0.4);
    t[`${p}mlp.c_fc.bias`] = rand([4 * d], 0.1);
    t[`${p}mlp.c_proj.weight`] = rand([4 * d, d], 0.2);
    t[`${p}mlp.c_proj.bias`] = rand([d], 0.1);
    if (spec.posTemp !== undefined) t[`${p}attn.pos_temp`] = { shape: [1], dtype: 'F32', data: [spec.posTemp] };
  }
  t['ln_f.weight'] = rand([d], 0.2, 1);
  t['ln_f.bias'] = rand([d], 0.1);
  return t;
}

export function tinyMetadata(spec: TinySpec): Record<string, string> {
  return {
    architecture: 'gpt2',
    n_layer: String(spec.nLayer),
    n_head: String(spec.nHead),
    n_embd: String(spec.nEmbd),
    n_ctx: String(spec.nCtx),
    vocab: String(spec.vocab),
    tokenizer: 'byte',
    bos: String(spec.vocab - 1),
  };
}

export function tinyModelBytes(spec: TinySpec): Uint8Array {
  return writeSafetensors(tinyTensors(spec), tinyMetadata(spec));
}
