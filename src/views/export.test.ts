import { describe, expect, it } from 'vitest';
import { pngTextChunks, pngWithText, toCsv } from './export';

/** The smallest well-formed PNG layout: signature, IHDR (13 bytes), IEND (CRCs not checked here). */
function tinyPng(): Uint8Array {
  const sig = [137, 80, 78, 71, 13, 10, 26, 10];
  const ihdr = [0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89];
  const iend = [0, 0, 0, 0, 73, 69, 78, 68, 0xae, 0x42, 0x60, 0x82];
  return Uint8Array.from([...sig, ...ihdr, ...iend]);
}

describe('exports carry the link', () => {
  it('a PNG gets a tEXt chunk after IHDR, with a correct CRC, that reads back', () => {
    const link = 'http://127.0.0.1:4173/#v=1&seed=7';
    const png = pngWithText(tinyPng(), 'Source', link);
    expect(pngTextChunks(png)).toEqual({ Source: link });
    expect(String.fromCharCode(...png.subarray(37, 41))).toBe('tEXt');
    // CRC-32 of "tEXt" + data, as PNG defines it: Python's zlib.crc32 gives 4132177505 for this input.
    const view = new DataView(png.buffer);
    const len = view.getUint32(33);
    expect(len).toBe(7 + link.length);
    expect(view.getUint32(41 + len)).toBe(4132177505);
    expect(() => pngWithText(new Uint8Array(10), 'k', 'v')).toThrow('not a PNG');
  });

  it('CSV starts with the link, quotes what needs quoting, and writes inf/nan', () => {
    const csv = toCsv([{ a: 1, b: 'x,y', c: Infinity, d: NaN }], 'L');
    expect(csv.split('\n')).toEqual(['# Attention Lab experiment: L', 'a,b,c,d', '1,"x,y",inf,nan', '']);
  });
});
