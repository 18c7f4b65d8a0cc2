/**
 * How one token's bytes are shown on axes and in tables. A token is a run of bytes, not always
 * whole characters: byte-level models split "é" into 0xC3 0xA9, and GPT-2's BPE has tokens that
 * end inside a multi-byte character. Decoding those naively gives U+FFFD (or nothing), and a
 * space, newline or control byte is invisible; an axis label must never be empty or ambiguous.
 *
 * Rules: complete UTF-8 characters are shown as themselves; a space as '␣'; a newline as '⏎';
 * any other control character (C0, DEL, C1) and every byte that is not part of a complete,
 * well-formed character as '\xNN' (upper-case hex).
 */

const hex = (b: number): string => `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/** Length in bytes of the well-formed UTF-8 sequence starting at `bytes[i]`, or 0 if there is none. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] as number;
  if (b0 < 0x80) return 1;
  // Valid ranges for the second byte per lead byte (Unicode Table 3-7): no overlongs or surrogates.
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) n = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3;
    if (b0 === 0xe0) lo = 0xa0;
    if (b0 === 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4;
    if (b0 === 0xf0) lo = 0x90;
    if (b0 === 0xf4) hi = 0x8f;
  } else return 0;
  if (i + n > bytes.length) return 0;
  const b1 = bytes[i + 1] as number;
  if (b1 < lo || b1 > hi) return 0;
  for (let k = 2; k < n; k++) {
    const b = bytes[i + k] as number;
    if (b < 0x80 || b > 0xbf) return 0;
  }
  return n;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function showChar(ch: string, bytes: Uint8Array): string {
  if (ch === ' ') return '␣';
  if (ch === '\n') return '⏎';
  const cp = ch.codePointAt(0) as number;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return Array.from(bytes, hex).join('');
  return ch;
}

/**
 * Display text of a token given its bytes (length ≥ 0). Never empty: an empty token shows as '∅'.
 */
export function displayBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) return '∅';
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const n = utf8SequenceLength(bytes, i);
    if (n === 0) {
      out += hex(bytes[i] as number);
      i++;
      continue;
    }
    const seq = bytes.subarray(i, i + n);
    out += showChar(decoder.decode(seq), seq);
    i += n;
  }
  return out;
}
