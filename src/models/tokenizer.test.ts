import { describe, expect, it } from 'vitest';
import { BYTE_BOS, GPT2_END_OF_TEXT, tokenizerFor } from './tokenizer';
import { displayBytes } from './tokenPiece';

const MULTILINGUAL = 'Hello, world! Grüße aus Köln — naïve café. 日本語のテキスト, привет мир, مرحبا, 🙂👍🏽\n\tend  ';

describe('byte tokenizer', () => {
  it('encodes UTF-8 bytes with BOS 256 in front', async () => {
    const t = await tokenizerFor('byte');
    expect(t.kind).toBe('byte');
    expect(t.vocab).toBe(257);
    expect(Array.from(t.encode('Hé', BYTE_BOS))).toEqual([256, 0x48, 0xc3, 0xa9]);
    expect(Array.from(t.encode('a', null))).toEqual([0x61]);
  });

  it('shows BOS, space, newline, control bytes and the two bytes of é', async () => {
    const t = await tokenizerFor('byte');
    const ids = Array.from(t.encode('a é\n\t', BYTE_BOS));
    expect(ids.map((id) => t.piece(id))).toEqual(['⟨bos⟩', 'a', '␣', '\\xC3', '\\xA9', '⏎', '\\x09']);
    expect(t.piece(0)).toBe('\\x00');
    expect(t.piece(0x7f)).toBe('\\x7F');
    expect(t.piece(0x41)).toBe('A');
    expect(t.piece(300)).toBe('⟨#300⟩');
    for (let id = 0; id <= 256; id++) expect(t.piece(id).length, `id ${id}`).toBeGreaterThan(0);
  });

  it('round-trips a multilingual string', async () => {
    const t = await tokenizerFor('byte');
    expect(t.decode(t.encode(MULTILINGUAL, BYTE_BOS))).toBe(MULTILINGUAL);
  });
});

describe('GPT-2 BPE tokenizer', () => {
  it('gives the known GPT-2 ids', async () => {
    const t = await tokenizerFor('gpt2-bpe');
    expect(t.kind).toBe('gpt2-bpe');
    expect(t.vocab).toBe(50257);
    expect(Array.from(t.encode('Hello world', null))).toEqual([15496, 995]);
    expect(Array.from(t.encode(' the', null))).toEqual([262]);
    expect(Array.from(t.encode('\n\n', null))).toEqual([628]);
    expect(Array.from(t.encode('Hello world', GPT2_END_OF_TEXT))).toEqual([50256, 15496, 995]);
    // As Hugging Face's GPT-2 tokenizer: the special token in text is the special id.
    expect(Array.from(t.encode('a<|endoftext|>', null))).toEqual([64, 50256]);
    expect(Array.from(t.encode('<|endoftext|>a<|endoftext|><|endoftext|>', null))).toEqual([50256, 64, 50256, 50256]);
    const split = [...t.encode('<|', null), ...t.encode('endoftext', null)];
    expect(Array.from(t.encode('<|endoftext', null))).toEqual(split);
  });

  it('is loaded once and shared', async () => {
    const [a, b] = await Promise.all([tokenizerFor('gpt2-bpe'), tokenizerFor('gpt2-bpe')]);
    expect(a).toBe(b);
  });

  it('round-trips a multilingual string (encode, then decode all ids)', async () => {
    const t = await tokenizerFor('gpt2-bpe');
    const ids = t.encode(MULTILINGUAL, null);
    expect(ids.length).toBeGreaterThan(20);
    expect(t.decode(ids)).toBe(MULTILINGUAL);
    // Decoding a partial token first must not leak its bytes into the next decode.
    const [smile] = t.encode('🙂', null);
    expect(t.decode([smile as number])).toBe('\uFFFD');
    expect(t.decode(t.encode('ok', null))).toBe('ok');
  });

  it('shows pieces: leading space, newlines, partial UTF-8 as hex, the special token', async () => {
    const t = await tokenizerFor('gpt2-bpe');
    expect(t.piece(15496)).toBe('Hello');
    expect(t.piece(995)).toBe('␣world');
    expect(t.piece(262)).toBe('␣the');
    expect(t.piece(220)).toBe('␣');
    expect(t.piece(628)).toBe('⏎⏎');
    expect(t.piece(GPT2_END_OF_TEXT)).toBe('⟨endoftext⟩');
    expect(t.piece(50257)).toBe('⟨#50257⟩');
    expect(t.piece(-1)).toBe('⟨#-1⟩');
    // 🙂 is F0 9F 99 82, split by GPT-2 into two tokens that are each half a character.
    const ids = Array.from(t.encode('🙂', null));
    expect(ids.map((id) => t.piece(id))).toEqual(['\\xF0\\x9F', '\\x99\\x82']);
    // A token holding whole multi-byte characters shows them.
    const [cafe] = t.encode(' café', null);
    expect(t.piece(cafe as number)).toBe('␣café');
    for (let id = 0; id < t.vocab; id++) if (t.piece(id).length === 0) throw new Error(`empty piece for ${id}`);
  });
});

describe('displayBytes', () => {
  it('shows complete characters, escapes broken or control bytes, never empty', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(displayBytes(enc('é'))).toBe('é');
    expect(displayBytes(Uint8Array.of(0x20, 0xc3))).toBe('␣\\xC3');
    expect(displayBytes(Uint8Array.of(0xed, 0xa0, 0x80))).toBe('\\xED\\xA0\\x80'); // a surrogate: not UTF-8
    expect(displayBytes(Uint8Array.of(0xc0, 0xaf))).toBe('\\xC0\\xAF'); // overlong
    expect(displayBytes(enc('\u0085'))).toBe('\\xC2\\x85'); // C1 control
    expect(displayBytes(enc('\r\n'))).toBe('\\x0D⏎');
    expect(displayBytes(new Uint8Array(0))).toBe('∅');
  });
});
