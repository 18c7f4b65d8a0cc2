/**
 * Exports of what is on screen: PNG and SVG of a view (its canvases and SVG charts, composited at
 * a chosen resolution) and the statistics as CSV or JSON. Every export carries the experiment
 * link: a PNG tEXt chunk, an SVG <metadata> element, a CSV comment line, a JSON field.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A standalone SVG of an element: its canvases as embedded PNG images, its SVGs inlined, in place. */
export function elementToSvg(el: HTMLElement, link: string): string {
  const box = el.getBoundingClientRect();
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(Math.ceil(box.width)));
  out.setAttribute('height', String(Math.ceil(box.height)));
  out.setAttribute('viewBox', `0 0 ${Math.ceil(box.width)} ${Math.ceil(box.height)}`);
  const meta = document.createElementNS(SVG_NS, 'metadata');
  meta.textContent = `Attention Lab experiment: ${link}`;
  out.appendChild(meta);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  out.appendChild(bg);
  for (const c of el.querySelectorAll('canvas')) {
    const r = c.getBoundingClientRect();
    if (r.width === 0) continue;
    const img = document.createElementNS(SVG_NS, 'image');
    img.setAttribute('x', String(r.left - box.left));
    img.setAttribute('y', String(r.top - box.top));
    img.setAttribute('width', String(r.width));
    img.setAttribute('height', String(r.height));
    img.setAttribute('preserveAspectRatio', 'none');
    img.setAttribute('style', 'image-rendering: pixelated');
    img.setAttribute('href', c.toDataURL('image/png'));
    out.appendChild(img);
  }
  for (const s of el.querySelectorAll('svg')) {
    if (s.parentElement?.closest('svg')) continue; // nested: drawn with its outer svg
    const r = s.getBoundingClientRect();
    const g = document.createElementNS(SVG_NS, 'g');
    g.setAttribute('transform', `translate(${r.left - box.left},${r.top - box.top})`);
    g.setAttribute('font-family', 'DejaVu Sans, sans-serif');
    g.setAttribute('font-size', '11');
    const clone = s.cloneNode(true) as SVGSVGElement;
    clone.removeAttribute('style');
    g.appendChild(clone);
    out.appendChild(g);
  }
  return new XMLSerializer().serializeToString(out);
}

/** Rasterises an SVG string at `scale`× into PNG bytes. */
export async function svgToPng(svg: string, width: number, height: number, scale: number): Promise<Uint8Array> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
    if (!blob) throw new Error('PNG encoding failed');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Inserts a tEXt chunk (Latin-1 keyword and text) right after a PNG's IHDR chunk. */
export function pngWithText(png: Uint8Array, keyword: string, text: string): Uint8Array<ArrayBuffer> {
  const sig = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!sig.every((b, i) => png[i] === b)) throw new Error('not a PNG');
  const ihdrEnd = 8 + 8 + 13 + 4; // signature, IHDR length+type, 13 data bytes, CRC
  const data = new TextEncoder().encode(`${keyword}\0${text}`);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set([116, 69, 88, 116], 4); // "tEXt"
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, ihdrEnd));
  out.set(chunk, ihdrEnd);
  out.set(png.subarray(ihdrEnd), ihdrEnd + chunk.length);
  return out;
}

/** Reads the tEXt chunks of a PNG (for tests and for anyone checking an export's link). */
export function pngTextChunks(png: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at + 12 <= png.length;) {
    const len = view.getUint32(at);
    const type = Array.from(png.subarray(at + 4, at + 8), (b) => String.fromCharCode(b)).join('');
    if (type === 'tEXt') {
      const body = new TextDecoder().decode(png.subarray(at + 8, at + 8 + len));
      const z = body.indexOf('\0');
      out[body.slice(0, z)] = body.slice(z + 1);
    }
    at += 12 + len;
  }
  return out;
}

/** CSV with a leading comment line holding the link; values that need it are quoted. */
export function toCsv(rows: readonly Record<string, string | number>[], link: string): string {
  const cols = rows.length ? Object.keys(rows[0] as object) : [];
  const cell = (v: string | number) => {
    const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : 'nan') : v;
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [`# Attention Lab experiment: ${link}`, cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c] ?? '')).join(','))].join('\n') + '\n';
}

/** Saves bytes or text as a download. */
export function download(name: string, type: string, data: BlobPart): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
