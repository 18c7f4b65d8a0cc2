/**
 * tokenizer.json through @huggingface/tokenizers on two small vocabularies in the real formats
 * (src/models/fixtures/tokenizers): a byte-level BPE laid out as SmolLM2's / Qwen2's (specials
 * first, then the 256 byte characters in byte order, so byte b is id b + 3; 15 merges) and a
 * SentencePiece-style BPE with byte fallback laid out as Llama 2's / TinyLlama's (<unk> <s> </s>,
 * then <0x00>…<0xFF> as ids 3…258, 16 pieces, 14 merges). The expected ids were worked out by
 * hand from the merge ranks (byte-level: " beginning" merges i·n first, then Ġ·b, Ġb·e, g·in, …).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { byteLevelTable, displayPiece, specialPiece } from './hfPieces';
import { specialRule, tokenizerFromJson } from './hfTokenizer';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/tokenizers/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

const byteLevel = fixture('bytelevel-bpe');
const spm = fixture('spm-bpe');

describe('tokenizerFromJson: byte-level BPE (SmolLM2 / Qwen2 layout)', () => {
  it('encodes by the merges, digits one by one, no BOS (GPT-2-style config)', async () => {
    const tok = await tokenizerFromJson(byteLevel, { bos_token: '<|endoftext|>', eos_token: '<|endoftext|>', add_prefix_space: false });
    expect(tok.kind).toBe('hf');
    expect(tok.bos).toBeNull();
    expect(tok.vocab).toBe(274);
    const ids = tok.encode('In the beginning and the end 42\n\nx', tok.bos);
    expect(Array.from(ids)).toEqual([76, 113, 261, 272, 264, 261, 35, 104, 265, 35, 55, 53, 13, 13, 123]);
    expect(Array.from(ids, (id) => tok.piece(id))).toEqual(['I', 'n', '␣the', '␣beginning', '␣and', '␣the', '␣', 'e', 'nd', '␣', '4', '2', '⏎', '⏎', 'x']);
    expect(tok.decode(ids)).toBe('In the beginning and the end 42\n\nx');
  });

  it('a special token in the text is that token; partial UTF-8 bytes show as \\xNN', async () => {
    const tok = await tokenizerFromJson(JSON.stringify(byteLevel), '{}');
    const ids = Array.from(tok.encode('a<|endoftext|>the é', null));
    expect(ids).toEqual([100, 0, 119, 260, 35, 198, 172]);
    expect(ids.map((id) => tok.piece(id))).toEqual(['a', '⟨endoftext⟩', 't', 'he', '␣', '\\xC3', '\\xA9']);
    expect(tok.piece(9999)).toBe('⟨#9999⟩');
    expect(tok.encode('the', 5)[0]).toBe(5); // an explicit BOS goes first
  });

  it('Llama 3 layout: the template puts the BOS first; add_bos_token false overrides it', async () => {
    const template = {
      type: 'Sequence',
      processors: [
        { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
        {
          type: 'TemplateProcessing',
          single: [{ SpecialToken: { id: '<|im_start|>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
          pair: [],
          special_tokens: { '<|im_start|>': { id: '<|im_start|>', ids: [1], tokens: ['<|im_start|>'] } },
        },
      ],
    };
    const json = { ...byteLevel, post_processor: template };
    const tok = await tokenizerFromJson(json, { bos_token: '<|im_start|>' });
    expect(tok.bos).toBe(1);
    expect(tok.rule.source).toBe('tokenizer.json template');
    expect(Array.from(tok.encode(' the', tok.bos))).toEqual([1, 261]);
    expect(tok.piece(1)).toBe('⟨im_start⟩');
    expect((await tokenizerFromJson(json, { add_bos_token: false })).bos).toBeNull();
  });
});

describe('tokenizerFromJson: SentencePiece-style BPE with byte fallback (Llama 2 / TinyLlama layout)', () => {
  it('add_bos_token puts <s> first; ▁ shows as ␣, <0x0A> as ⏎, an emoji as its four bytes', async () => {
    const tok = await tokenizerFromJson(spm, { add_bos_token: true, add_eos_token: false, bos_token: { __type: 'AddedToken', content: '<s>' }, eos_token: '</s>', legacy: false });
    expect(tok.bos).toBe(1);
    const ids = Array.from(tok.encode('the beginning and\nthe é, 😀', tok.bos));
    expect(ids).toEqual([1, 277, 288, 280, 13, 260, 276, 259, 274, 273, 259, 243, 162, 155, 131]);
    expect(ids.map((id) => tok.piece(id))).toEqual(['⟨s⟩', '␣the', '␣beginning', '␣and', '⏎', 't', 'he', '␣', 'é', ',', '␣', '\\xF0', '\\x9F', '\\x98', '\\x80']);
    expect(tok.decode(ids.slice(1))).toBe('the beginning and\nthe é, 😀');
  });

  it('add_eos_token appends </s>; without tokenizer_config the template decides (here <s>)', async () => {
    const tok = await tokenizerFromJson(spm, { add_bos_token: false, add_eos_token: true, eos_token: '</s>' });
    expect(Array.from(tok.encode(' the', tok.bos))).toEqual([259, 277, 2]);
    expect((await tokenizerFromJson(spm)).bos).toBe(1);
  });
});

describe('refusals and the piece rules', () => {
  it('names the file and the problem', async () => {
    await expect(tokenizerFromJson('{"model": ')).rejects.toThrow(/tokenizer.json: is not valid JSON/);
    await expect(tokenizerFromJson({ version: '1.0' })).rejects.toThrow('tokenizer.json: has no model section');
    await expect(tokenizerFromJson({ ...spm, model: { type: 'Mystery', vocab: {} } })).rejects.toThrow('tokenizer.json: model.type "Mystery" is not supported (BPE, Unigram: what causal LMs use)');
    await expect(tokenizerFromJson({ ...spm, model: { type: 'BPE', vocab: 7, merges: [] } })).rejects.toThrow('tokenizer.json: a BPE model needs model.vocab (an object) and model.merges (a list)');
    await expect(tokenizerFromJson({ ...spm, pre_tokenizer: { type: 'Split', pattern: { Regex: '(' }, behavior: 'Isolated' } })).rejects.toThrow(/tokenizer.json: cannot be used \(/);
    await expect(tokenizerFromJson(spm, { add_bos_token: true, bos_token: '<bos>' })).rejects.toThrow('tokenizer_config.json: add_bos_token is true but bos_token "<bos>" is not in the vocabulary');
    expect(() => specialRule({ post_processor: { type: 'TemplateProcessing', single: [{ SpecialToken: { id: 'a' } }, { SpecialToken: { id: 'b' } }, { Sequence: { id: 'A' } }], special_tokens: { a: { ids: [1] }, b: { ids: [2] } } } }, {}, () => 0))
      .toThrow('tokenizer.json: its template puts 2 special tokens before the text; the lab handles one');
  });

  it("GPT-2's byte table: 256 characters, Ġ is the space and Ċ the newline", () => {
    const t = byteLevelTable();
    expect(t.size).toBe(256);
    expect(t.get('Ġ')).toBe(0x20);
    expect(t.get('Ċ')).toBe(0x0a);
    expect(t.get('A')).toBe(0x41);
    expect(displayPiece('ĠÃ©t', 'byte-level', false)).toBe('␣ét');
    expect(displayPiece('▁▁', 'metaspace', true)).toBe('␣␣');
    expect(displayPiece('<0x41>', 'metaspace', false)).toBe('<0x41>');
    expect(specialPiece('<|begin_of_text|>')).toBe('⟨begin_of_text⟩');
  });
});
