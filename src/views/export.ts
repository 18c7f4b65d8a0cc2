/**
 * Exports of what is on screen: PNG and SVG of a view (its canvases and SVG charts, composited at
 * a chosen resolution) and the statistics as CSV or JSON. Every export carries the experiment
 * link: a PNG tEXt chunk, an SVG <metadata> element, a CSV comment line, a JSON field.
 */

import { csvCell } from '../schema/csv';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** What a figure says beyond its charts: a title above, and the link below. */
export interface FigureText {
  /** The experiment in words (source, head), drawn as the figure's title. */
  readonly title: string;
  readonly link: string;
}

/** HTML whose text belongs in a figure: titles, numbers, table cells, facts, chosen options. */
const TEXT_SELECTOR = 'h2, .pane-numbers, caption, th, td, dt, dd, .chart-title';
const TITLE_H = 30;
const LINE_H = 13;

function svgEl<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** The link cut into lines that fit `width` pixels of 10 px monospace-ish text. */
function linkLines(link: string, width: number): string[] {
  const per = Math.max(20, Math.floor((width - 16) / 6.6));
  const out: string[] = [];
  for (let i = 0; i < link.length; i += per) out.push(link.slice(i, i + per));
  return out;
}

/**
 * A standalone SVG figure of an element: a title line, its canvases as embedded PNG images, its
 * SVG charts inlined in place (axes, colour bars, legends), the text of its headings, numbers,
 * tables and chosen options, and the experiment's link under it (also in <metadata>). No style
 * attributes are written (the page's CSP forbids inline styles).
 */
export function elementToSvg(el: HTMLElement, text: FigureText): { svg: string; width: number; height: number } {
  const box = el.getBoundingClientRect();
  const width = Math.ceil(Math.max(box.width, 360));
  const lines = linkLines(text.link, width);
  const height = Math.ceil(TITLE_H + box.height + 10 + LINE_H * (lines.length + 1));
  const out = svgEl('svg', { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': 'DejaVu Sans, Arial, sans-serif' });
  const meta = document.createElementNS(SVG_NS, 'metadata');
  meta.textContent = `Attention Lab experiment: ${text.link}`;
  out.appendChild(meta);
  out.appendChild(svgEl('rect', { width: '100%', height: '100%', fill: '#ffffff' }));
  const title = svgEl('text', { x: 8, y: 20, 'font-size': 14, 'font-weight': 'bold', fill: '#1b1f24', class: 'figure-title' });
  title.textContent = text.title;
  out.appendChild(title);
  const body = svgEl('g', { transform: `translate(0,${TITLE_H})` });
  out.appendChild(body);
  for (const c of el.querySelectorAll('canvas')) {
    const r = c.getBoundingClientRect();
    if (r.width === 0) continue;
    body.appendChild(svgEl('image', {
      x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height,
      preserveAspectRatio: 'none', 'image-rendering': 'pixelated', href: c.toDataURL('image/png'),
    }));
  }
  for (const s of el.querySelectorAll('svg')) {
    if (s.parentElement?.closest('svg')) continue; // nested: drawn with its outer svg
    const r = s.getBoundingClientRect();
    if (r.width === 0) continue;
    const g = svgEl('g', { transform: `translate(${r.left - box.left},${r.top - box.top})`, 'font-size': 11, fill: '#1b1f24' });
    const clone = s.cloneNode(true) as SVGSVGElement;
    clone.removeAttribute('style');
    // Interaction layers (brush, crosshair) are not part of the figure.
    if (clone.classList.contains('map-interact')) continue;
    clone.querySelectorAll('.crosshair').forEach((n) => n.remove());
    g.appendChild(clone);
    body.appendChild(g);
  }
  const texts: Element[] = [...el.querySelectorAll(TEXT_SELECTOR), ...el.querySelectorAll('select')];
  for (const t of texts) {
    // Not: text inside charts (they come whole), closed or hidden parts, controls' toolbars.
    if (t.closest('svg, [hidden], details:not([open]), [role=toolbar]') || t.querySelector(TEXT_SELECTOR)) continue;
    const r = t.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const content = t instanceof HTMLSelectElement ? t.selectedOptions[0]?.textContent ?? t.value : t.textContent ?? '';
    if (!content.trim()) continue;
    const heading = t.tagName === 'H2';
    const size = heading ? 13 : 11;
    const node = svgEl('text', {
      x: r.left - box.left + (t.tagName === 'TD' || t.tagName === 'TH' ? 4 : 0), y: r.top - box.top + Math.min(r.height, size + 3),
      'font-size': size, 'font-weight': heading || t.tagName === 'TH' ? 'bold' : 'normal', fill: '#1b1f24',
    });
    node.textContent = content.replace(/\s+/g, ' ').trim();
    body.appendChild(node);
  }
  const foot = svgEl('g', { transform: `translate(8,${TITLE_H + box.height + 10})`, 'font-size': 10, fill: '#5b6470', class: 'figure-link' });
  ['Attention Lab — open this figure’s experiment:', ...lines].forEach((line, i) => {
    const t = svgEl('text', { x: 0, y: LINE_H * (i + 1) });
    t.textContent = line;
    foot.appendChild(t);
  });
  out.appendChild(foot);
  return { svg: new XMLSerializer().serializeToString(out), width, height };
}

/** Runs `f` with `el`'s closed tab panels open (a figure of a chart in another tab), without a repaint between. */
export function withShown<T>(el: Element, f: () => T): T {
  const closed: HTMLElement[] = [];
  for (let p = el.closest<HTMLElement>('[hidden]'); p; p = p.parentElement?.closest<HTMLElement>('[hidden]') ?? null) {
    closed.push(p);
    p.hidden = false;
  }
  try {
    return f();
  } finally {
    for (const p of closed) p.hidden = true;
  }
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

/** CSV with a leading comment line holding the link; values that need it are quoted, texts a spreadsheet would run as formulas neutralised. */
export function toCsv(rows: readonly Record<string, string | number>[], link: string): string {
  const cols = rows.length ? Object.keys(rows[0] as object) : [];
  const cell = (v: string | number) => csvCell(v, (x) => (x === Infinity ? 'inf' : x === -Infinity ? '-inf' : 'nan'));
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
