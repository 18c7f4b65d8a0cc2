/**
 * How a Hugging Face tokenizer's pieces are shown as the model sees them. The vocabulary stores
 * token strings in one of two encodings, and neither is readable as it stands:
 *
 *  - byte-level BPE (GPT-2, SmolLM2, Llama 3, Qwen2): each byte is one printable character from
 *    GPT-2's bytes_to_unicode table ("Ġ" is the space 0x20, "Ċ" the newline), so "Ġthe" is " the";
 *  - SentencePiece-style BPE (Llama 2, TinyLlama): "▁" (U+2581) stands for a space, and with
 *    byte fallback a byte the vocabulary lacks is its own token "<0x0A>".
 *
 * Both are turned back into the token's bytes and shown by displayBytes (tokenPiece.ts): " the" →
 * "␣the", "\n" → "⏎", a lone UTF-8 lead byte → "\xC3". Special tokens show as ⟨name⟩, the
 * angle brackets and bars of "<|endoftext|>" or "<s>" dropped: "⟨endoftext⟩", "⟨s⟩".
 */
import { displayBytes } from './tokenPiece';

export type PieceEncoding = 'byte-level' | 'metaspace';

let unicodeToByte: Map<string, number> | null = null;

/** GPT-2's bytes_to_unicode, inverted: the printable character that stands for each byte. */
export function byteLevelTable(): ReadonlyMap<string, number> {
  if (unicodeToByte) return unicodeToByte;
  const keep = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const t = new Map<string, number>();
  let extra = 0;
  for (let b = 0; b < 256; b++) t.set(String.fromCodePoint(keep(b) ? b : 256 + extra++), b);
  unicodeToByte = t;
  return t;
}

const utf8 = new TextEncoder();

/** The bytes a vocabulary string stands for. */
export function pieceBytes(token: string, encoding: PieceEncoding, byteFallback: boolean): Uint8Array {
  if (encoding === 'byte-level') {
    const table = byteLevelTable();
    const out: number[] = [];
    for (const ch of token) {
      const b = table.get(ch);
      if (b === undefined) for (const x of utf8.encode(ch)) out.push(x); // not byte-level after all: keep the character
      else out.push(b);
    }
    return Uint8Array.from(out);
  }
  const fallback = byteFallback ? /^<0x([0-9A-Fa-f]{2})>$/.exec(token) : null;
  if (fallback) return Uint8Array.of(parseInt(fallback[1] as string, 16));
  return utf8.encode(token.replaceAll('▁', ' '));
}

/** "<|endoftext|>" → "⟨endoftext⟩", "<s>" → "⟨s⟩", "[PAD]" → "⟨PAD⟩". */
export function specialPiece(content: string): string {
  const name = content.replace(/^<\|?|\|?>$/g, '').replace(/^\[|\]$/g, '');
  return `⟨${name || content}⟩`;
}

/** Display text of a vocabulary string (not special): never empty. */
export function displayPiece(token: string, encoding: PieceEncoding, byteFallback: boolean): string {
  return displayBytes(pieceBytes(token, encoding, byteFallback));
}

/** Whether a tokenizer.json component tree contains a component of `type` (Sequence nests). */
export function hasComponent(node: unknown, type: string): boolean {
  if (Array.isArray(node)) return node.some((n) => hasComponent(n, type));
  if (typeof node !== 'object' || node === null) return false;
  const o = node as Record<string, unknown>;
  if (o.type === type) return true;
  return ['pretokenizers', 'decoders', 'normalizers', 'processors'].some((k) => hasComponent(o[k], type));
}
