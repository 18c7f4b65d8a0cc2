/**
 * Text → token ids, and token id → display text, for the two kinds of model the lab runs: its own
 * byte-level models (ids 0..255 are UTF-8 bytes, 256 is BOS) and Hugging Face GPT-2 / distilgpt2
 * (GPT-2's byte-level BPE, 50 257 ids; npm `gpt-tokenizer`, r50k_base = GPT-2's vocabulary).
 *
 * The BPE tables are about 0.5 MB of JavaScript, so they are imported lazily: only a session that
 * asks for a GPT-2 model loads that chunk. `gpt-tokenizer` uses regular expressions and plain
 * tables (no eval), so it runs under the lab's CSP, in the worker as on the page.
 *
 * Two gpt-tokenizer 4.0.0 behaviours are worked around, not relied on: its decode() streams
 * through one TextDecoder shared by all calls (a lone partial-UTF-8 token decodes to '' and leaks
 * its bytes into the next decode), so pieces and decode come from the token's bytes here
 * (tokenPiece.ts); and its allowedSpecial only finds `<|endoftext|>` at the very start of the text
 * (a sticky regex), so the text is split on it here and each part encoded as plain text.
 */
import { LabError } from '../schema/errors';
import { byteTokens, type TokenizerKind } from './model';
import { displayBytes } from './tokenPiece';

export interface Tokenizer {
  readonly kind: TokenizerKind;
  /** Number of token ids, [0, vocab): 257 for byte models, 50 257 for GPT-2. */
  readonly vocab: number;
  /** Token ids of `text`, with `bos` in front when not null. */
  encode(text: string, bos: number | null): Int32Array;
  /**
   * Display text of one token for axes and tables: complete characters as themselves, a space as
   * '␣', a newline as '⏎', control and partial-UTF-8 bytes as '\xNN'; byte models' BOS (256) as
   * '⟨bos⟩', GPT-2's 50256 as '⟨endoftext⟩', an id outside the vocabulary as '⟨#id⟩'. Never empty.
   */
  piece(id: number): string;
  /** The text of a run of ids (bytes joined, then decoded as UTF-8; a byte model's BOS adds nothing). */
  decode(ids: ArrayLike<number>): string;
}

/** BOS of the lab's byte-level models: the one id after the 256 bytes. */
export const BYTE_BOS = 256;
/** GPT-2's only special token, `<|endoftext|>`. */
export const GPT2_END_OF_TEXT = 50256;
const END_OF_TEXT = '<|endoftext|>';

const outside = (id: number): string => `⟨#${id}⟩`;

function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const byteTokenizer: Tokenizer = {
  kind: 'byte',
  vocab: BYTE_BOS + 1,
  encode: byteTokens,
  piece(id) {
    if (id === BYTE_BOS) return '⟨bos⟩';
    if (!Number.isInteger(id) || id < 0 || id > 255) return outside(id);
    return displayBytes(Uint8Array.of(id));
  },
  decode(ids) {
    const bytes = Array.from(ids).filter((id) => id >= 0 && id <= 255);
    return new TextDecoder().decode(Uint8Array.from(bytes));
  },
};

/** GPT-2's BPE over gpt-tokenizer's r50k_base tables (loaded by the caller's dynamic import). */
function gpt2Tokenizer(
  encodeText: (text: string, opts: { disallowedSpecial: Set<string> }) => number[],
  ranks: readonly (string | number[] | undefined)[],
): Tokenizer {
  const textEncoder = new TextEncoder();
  const bytesOf = (id: number): Uint8Array | null => {
    const entry = Number.isInteger(id) ? ranks[id] : undefined;
    if (entry === undefined) return null;
    return typeof entry === 'string' ? textEncoder.encode(entry) : Uint8Array.from(entry);
  };
  // Parts are plain text: nothing in them is special, and nothing throws.
  const plain = { disallowedSpecial: new Set<string>() };
  return {
    kind: 'gpt2-bpe',
    vocab: GPT2_END_OF_TEXT + 1,
    encode(text, bos) {
      // `<|endoftext|>` in the text becomes id 50256, as Hugging Face's GPT-2 tokenizer does.
      const ids: number[] = [];
      text.split(END_OF_TEXT).forEach((part, i) => {
        if (i > 0) ids.push(GPT2_END_OF_TEXT);
        if (part.length > 0) for (const id of encodeText(part, plain)) ids.push(id);
      });
      const out = new Int32Array(ids.length + (bos === null ? 0 : 1));
      if (bos !== null) out[0] = bos;
      out.set(ids, bos === null ? 0 : 1);
      return out;
    },
    piece(id) {
      if (id === GPT2_END_OF_TEXT) return '⟨endoftext⟩';
      const bytes = bytesOf(id);
      return bytes === null ? outside(id) : displayBytes(bytes);
    },
    decode(ids) {
      const parts = Array.from(ids, (id) => (id === GPT2_END_OF_TEXT ? textEncoder.encode(END_OF_TEXT) : bytesOf(id)));
      if (parts.some((p) => p === null)) throw new LabError('bad-input', 'tokenizer: a token id is outside the GPT-2 vocabulary of 50257');
      return new TextDecoder().decode(joinBytes(parts as Uint8Array[]));
    },
  };
}

let gpt2: Promise<Tokenizer> | null = null;

async function loadGpt2(): Promise<Tokenizer> {
  const [{ encode }, { default: ranks }] = await Promise.all([
    import('gpt-tokenizer/encoding/r50k_base'),
    import('gpt-tokenizer/bpeRanks/r50k_base'),
  ]);
  return gpt2Tokenizer(encode, ranks);
}

/**
 * The tokenizer of a model kind. The byte tokenizer is immediate; GPT-2's loads its BPE tables
 * (a separate chunk) on first use and is shared after that.
 */
export async function tokenizerFor(kind: TokenizerKind): Promise<Tokenizer> {
  if (kind === 'byte') return byteTokenizer;
  if (kind === 'hf') throw new LabError('bad-input', 'tokenizer: a tokenizer.json model needs its files: use tokenizerFromJson (hfTokenizer.ts)');
  if (kind !== 'gpt2-bpe') throw new LabError('bad-input', `tokenizer: unknown kind "${String(kind)}"`);
  gpt2 ??= loadGpt2().catch((e: unknown) => {
    gpt2 = null; // a failed chunk load (offline) may succeed on the next try
    throw new LabError('bad-input', `tokenizer: could not load the GPT-2 tables (${e instanceof Error ? e.message : String(e)}); check the connection and reload`);
  });
  return gpt2;
}
