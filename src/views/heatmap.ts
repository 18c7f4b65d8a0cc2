import { axisBottom, axisLeft, brush, scaleLinear, select, symbol, symbolTriangle } from 'd3';
import type { ScaleKind } from '../schema/analysis';
import type { MapChunk } from '../schema/chunk';
import { maxAbsOf } from '../schema/extent';
import { cssColourAt, cssDivergingAt, maxOf, paintDiff, paintMap, valueScale, type ColourScale } from './colormap';
import { SINK_COLOURS } from './palette';

/** A map to draw: probabilities (tiles of P), or a signed difference of two maps. */
export interface MapData {
  readonly rows: number;
  readonly cols: number;
  /** Tokens per tile side (1 = exact entries). */
  readonly tile: number;
  readonly reduce: MapChunk['reduce'];
  readonly data: Float32Array;
  readonly signed?: boolean;
  /** First query and key covered, and how many of each (default: the whole N × N map). */
  readonly origin?: { readonly q: number; readonly k: number };
  readonly extent?: { readonly q: number; readonly k: number };
}

/** A zoom request from a brush: queries [q0, q1) × keys [k0, k1); null resets. */
export type ZoomRequest = { q0: number; q1: number; k0: number; k1: number } | null;

export interface HeatmapOptions {
  /** Sequence length N (the map covers queries and keys 0…N−1). */
  readonly n: number;
  /** Side of the drawn map, CSS pixels. */
  readonly size: number;
  readonly scale: ScaleKind;
  /** Exponent for the gamma scale. */
  readonly gamma: number;
  /** Accessible name of the figure. */
  readonly label: string;
  /** Sink keys to mark above the map: ACT's exempt one and the rest it would calibrate. */
  readonly sinks?: { readonly exempt: number | null; readonly calibrated: readonly number[] };
  /** Kept fraction per tile of a sparsity mask (same tiling as the map): dropped cells are veiled. */
  readonly mask?: MapChunk | null;
  /** Called with the tile under the pointer (null when it leaves), to synchronise other maps. */
  readonly onHover?: (cell: Cell | null) => void;
  /** Drag a rectangle to zoom to it, double-click to reset: the request goes here. */
  readonly onZoom?: (z: ZoomRequest) => void;
  readonly testId?: string;
  /** A model's token pieces [N]: the axes label tokens (as BertViz does), the read-out names them. */
  readonly tokens?: readonly string[];
  /** Drawn from an older run while the new one computes: dimmed. */
  readonly stale?: boolean;
}

export interface Cell {
  readonly r: number;
  readonly c: number;
}

export interface HeatmapHandle {
  /** Shows the crosshair and the read-out at a tile (from this map or a synchronised one). */
  hover(cell: Cell | null): void;
  destroy(): void;
}

/** Margins around the raster: axes left and below, the colour bar under the x axis. */
export interface Margins { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number }

const PLAIN: Margins = { top: 22, right: 14, bottom: 84, left: 46 };
/** Longest token label drawn, in characters (longer pieces are cut with …). */
const TOKEN_CHARS = 8;

/** A token piece as an axis label: whitespace made visible, long pieces cut. */
export function tokenLabel(piece: string): string {
  const p = piece.replace(/\n/g, '↵').replace(/ /g, '␣');
  return p.length > TOKEN_CHARS ? `${p.slice(0, TOKEN_CHARS - 1)}…` : p;
}

/** The chrome a map needs around its raster; with tokens the axes are wider, to hold their labels. */
export function heatmapMargins(tokens?: readonly string[]): Margins {
  if (!tokens?.length) return PLAIN;
  let longest = 1;
  for (const t of tokens) longest = Math.max(longest, tokenLabel(t).length);
  const text = Math.round(6.4 * longest);
  return { top: 22, right: 14, bottom: PLAIN.bottom + text - 8, left: 30 + text };
}

/** The read-out text for a tile, in token positions (inclusive ranges when a tile spans several). */
/** Token ranges [first, last] of a tile, and whether it lies wholly after its queries (masked). */
export function cellTokens(map: MapData, cell: Cell, n: number) {
  const o = map.origin ?? { q: 0, k: 0 };
  const e = map.extent ?? { q: n, k: n };
  const t = map.tile;
  const q: [number, number] = [o.q + cell.r * t, Math.min(o.q + e.q, o.q + (cell.r + 1) * t) - 1];
  const k: [number, number] = [o.k + cell.c * t, Math.min(o.k + e.k, o.k + (cell.c + 1) * t) - 1];
  return { q, k, masked: k[0] > q[1] };
}

export function describeCell(map: MapData, cell: Cell, n: number, kept: number | null, tokens?: readonly string[]): string {
  const t = map.tile;
  const piece = (a: number, b: number) => (tokens && a === b && tokens[a] !== undefined ? ` “${tokenLabel(tokens[a] as string)}”` : '');
  const range = (a: number, b: number) => (a === b ? `${a}` : `${a}–${b}`) + piece(a, b);
  const tok = cellTokens(map, cell, n);
  const q = `query ${range(tok.q[0], tok.q[1])}`;
  const k = `key ${range(tok.k[0], tok.k[1])}`;
  if (tok.masked) return `${q} · ${k} · masked (key after query)`;
  const single = t === 1 || n === 1;
  const v = map.data[cell.r * map.cols + cell.c] as number;
  const what = map.signed ? (single ? 'Δp' : `Δ ${map.reduce} p`) : single ? 'p' : `${map.reduce} p`;
  let text = `${q} · ${k} · ${what} = ${map.signed && v > 0 ? '+' : ''}${v.toFixed(4)}`;
  if (kept !== null) text += single ? (kept > 0 ? ' · kept' : ' · dropped') : ` · ${(100 * kept).toFixed(0)}% kept`;
  return text;
}

function paintVeil(mask: MapChunk, isMasked: (r: number, c: number) => boolean): ImageData {
  const img = new ImageData(mask.cols, mask.rows);
  for (let r = 0; r < mask.rows; r++) {
    for (let c = 0; c < mask.cols; c++) {
      if (isMasked(r, c)) continue;
      const o = 4 * (r * mask.cols + c);
      img.data[o] = img.data[o + 1] = img.data[o + 2] = 255;
      img.data[o + 3] = Math.round(215 * (1 - (mask.data[r * mask.cols + c] as number)));
    }
  }
  return img;
}

type Root = ReturnType<typeof select<HTMLDivElement, unknown>>;

function rasterCanvas(root: Root, M: Margins, w: number, h: number, cssW: number, cssH: number) {
  return root.append('canvas').attr('width', w).attr('height', h).style('position', 'absolute')
    .style('left', `${M.left}px`).style('top', `${M.top}px`)
    .style('width', `${cssW}px`).style('height', `${cssH}px`).style('image-rendering', 'pixelated');
}

/**
 * Draws one map: a canvas raster (one ImageData pixel per tile, scaled without smoothing), an
 * optional mask veil, D3 axes in token positions, sink markers, a colour legend (viridis for
 * probabilities under the chosen scale, diverging and symmetric for differences), a crosshair and
 * a hover read-out that other maps can drive.
 */
export function renderHeatmap(el: HTMLElement, map: MapData, opts: HeatmapOptions): HeatmapHandle {
  const { n, size } = opts;
  const M = heatmapMargins(opts.tokens);
  const root = select(el).append('div').attr('class', opts.stale ? 'heatmap stale' : 'heatmap').style('position', 'relative') as unknown as Root;
  const absMax = map.signed ? maxAbsOf(map.data) : 0;
  const limit = Math.max(1e-12, absMax);
  const scale: ColourScale = { kind: opts.scale, max: Math.max(1e-12, maxOf(map.data)), gamma: opts.gamma };
  const origin = map.origin ?? { q: 0, k: 0 };
  const extent = map.extent ?? { q: n, k: n };
  // The drawn area keeps the region's aspect: its longer side is `size`.
  const longest = Math.max(extent.q, extent.k);
  const w = (size * extent.k) / longest;
  const h = (size * extent.q) / longest;
  const isMasked = (r: number, c: number) => cellTokens(map, { r, c }, n).masked;

  const canvas = rasterCanvas(root, M, map.cols, map.rows, w, h).attr('role', 'img').attr('aria-label', opts.label)
    .attr('data-testid', opts.testId ?? 'heatmap-canvas').node() as HTMLCanvasElement;
  canvas.getContext('2d')?.putImageData(
    map.signed ? paintDiff(map.data, map.rows, map.cols, limit, isMasked) : paintMap(map.data, map.rows, map.cols, scale, isMasked), 0, 0);
  if (opts.mask) {
    const veil = rasterCanvas(root, M, opts.mask.cols, opts.mask.rows, w, h).attr('data-testid', 'mask-veil').node() as HTMLCanvasElement;
    veil.getContext('2d')?.putImageData(paintVeil(opts.mask, isMasked), 0, 0);
  }

  const svg = root.append('svg').attr('width', M.left + size + M.right).attr('height', M.top + h + M.bottom)
    .attr('aria-hidden', 'true').style('display', 'block').style('pointer-events', 'none');
  // Token j occupies [j, j+1) of the axis; ticks label token centres, so shift by half a token.
  const xPos = scaleLinear().domain([origin.k - 0.5, origin.k + extent.k - 0.5]).range([0, w]);
  const yPos = scaleLinear().domain([origin.q - 0.5, origin.q + extent.q - 0.5]).range([0, h]);
  const pos = xPos;
  const fmt = (d: unknown) => String(Math.round(Number(d)));
  const ticksFor = (len: number, px: number) => Math.min(len, Math.max(2, Math.round(px / 64)));
  const xAxis = axisBottom(xPos);
  const yAxis = axisLeft(yPos);
  const tokens = opts.tokens;
  if (tokens?.length) {
    // Every token that fits at 11 px a label, in order; the rest are in the read-out.
    const every = (len: number, px: number) => Math.max(1, Math.ceil(11 / (px / len)));
    const pick = (from: number, len: number, px: number) => {
      const step = every(len, px);
      return Array.from({ length: Math.ceil(len / step) }, (_, i) => from + i * step);
    };
    const label = (d: unknown) => tokenLabel(tokens[Math.round(Number(d))] ?? '');
    xAxis.tickValues(pick(origin.k, extent.k, w)).tickFormat(label);
    yAxis.tickValues(pick(origin.q, extent.q, h)).tickFormat(label);
  } else {
    xAxis.ticks(ticksFor(extent.k, w)).tickFormat(fmt);
    yAxis.ticks(ticksFor(extent.q, h)).tickFormat(fmt);
  }
  const gx = svg.append('g').attr('class', 'x-axis').attr('transform', `translate(${M.left},${M.top + h})`).call(xAxis);
  if (tokens?.length) gx.selectAll('text').attr('transform', 'rotate(-90)').attr('text-anchor', 'end').attr('dx', '-0.6em').attr('dy', '-0.4em');
  svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},${M.top})`).call(yAxis);
  const xTitle = tokens?.length ? 'key token j' : 'key position j';
  svg.append('text').attr('x', M.left + w / 2).attr('y', M.top + h + M.bottom - 50).attr('text-anchor', 'middle')
    .attr('class', 'axis-title').text(map.origin && (extent.q < n || extent.k < n) ? `${xTitle} (zoomed)` : xTitle);
  svg.append('text').attr('transform', `translate(12,${M.top + h / 2}) rotate(-90)`).attr('text-anchor', 'middle')
    .attr('class', 'axis-title').text(tokens?.length ? 'query token i' : 'query position i');

  if (opts.sinks) {
    const marks = [
      ...(opts.sinks.exempt !== null ? [{ j: opts.sinks.exempt, kind: 'exempt' as const }] : []),
      ...opts.sinks.calibrated.map((j) => ({ j, kind: 'calibrated' as const })),
    ];
    svg.append('g').attr('data-testid', 'sink-markers').selectAll('path')
      .data(marks.filter((d) => d.j >= origin.k && d.j < origin.k + extent.k)).join('path')
      .attr('d', symbol(symbolTriangle, 60))
      .attr('transform', (d) => `translate(${M.left + pos(d.j)},${M.top - 9}) rotate(180)`)
      .attr('fill', (d) => SINK_COLOURS[d.kind]).attr('data-key', (d) => d.j);
  }

  // Colour bar under the map (horizontal), with its ticks and what it measures.
  const ly = M.top + h + M.bottom - 34;
  const gid = `legend-${Math.random().toString(36).slice(2)}`;
  const grad = svg.append('defs').append('linearGradient').attr('id', gid).attr('x1', 0).attr('x2', 1).attr('y1', 0).attr('y2', 0);
  for (let s = 0; s <= 16; s++) grad.append('stop').attr('offset', s / 16).attr('stop-color', map.signed ? cssDivergingAt(s / 16) : cssColourAt(s / 16));
  const lw = Math.max(120, w);
  svg.append('rect').attr('class', 'colour-bar').attr('x', M.left).attr('y', ly).attr('width', lw).attr('height', 10).attr('fill', `url(#${gid})`);
  const legendAxis = map.signed
    ? scaleLinear().domain([-limit, limit]).range([0, lw])
    : valueScale(scale).copy().range([0, lw]);
  const short = (v: unknown) => {
    const x = Number(v);
    return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(0) : String(Number(x.toPrecision(2)));
  };
  svg.append('g').attr('class', 'legend-axis').attr('transform', `translate(${M.left},${ly + 10})`)
    .call(axisBottom(legendAxis as never).ticks(Math.max(2, Math.round(lw / 60))).tickFormat(short as never));
  const what = map.signed ? 'Δp (orange: more, purple: less)' : map.tile > 1 ? `${map.reduce} p per tile` : 'probability p';
  svg.append('text').attr('class', 'axis-title legend-title').attr('x', M.left).attr('y', ly - 3)
    .text(!map.signed && opts.scale !== 'linear' ? `${what} (${opts.scale} scale)` : what);

  const cross = svg.append('g').attr('class', 'crosshair').style('display', 'none');
  const cw = w / map.cols;
  const ch = h / map.rows;
  const vline = cross.append('rect').attr('width', cw).attr('height', h).attr('y', M.top);
  const hline = cross.append('rect').attr('height', ch).attr('width', w).attr('x', M.left);

  const readout = root.append('div').attr('class', 'hover-readout').attr('data-testid', 'hover-readout')
    .attr('aria-live', 'polite')
    .text(map.signed && absMax < 1e-9 ? 'The two maps are equal here (|Δp| < 10⁻⁹ everywhere).' : 'Hover the map to read a value.');

  const handle: HeatmapHandle = {
    hover(cell) {
      if (!cell) {
        cross.style('display', 'none');
        return;
      }
      cross.style('display', null);
      vline.attr('x', M.left + cell.c * cw);
      hline.attr('y', M.top + cell.r * ch);
      const kept = opts.mask ? (opts.mask.data[cell.r * opts.mask.cols + cell.c] as number) : null;
      readout.text(describeCell(map, cell, n, kept, opts.tokens));
    },
    destroy() {
      root.remove();
    },
  };

  // Interaction layer over the raster: hover everywhere; with onZoom, drag to zoom, double-click to reset.
  const layer = root.append('svg').attr('class', 'map-interact').attr('data-testid', `${opts.testId ?? 'heatmap'}-interact`)
    .attr('width', w).attr('height', h).style('position', 'absolute').style('left', `${M.left}px`).style('top', `${M.top}px`);
  const cellAt = (x: number, y: number): Cell => ({
    c: Math.min(map.cols - 1, Math.max(0, Math.floor((x / w) * map.cols))),
    r: Math.min(map.rows - 1, Math.max(0, Math.floor((y / h) * map.rows))),
  });
  const hover = (cell: Cell | null) => (opts.onHover ? opts.onHover(cell) : handle.hover(cell));
  const node = layer.node() as SVGSVGElement;
  node.addEventListener('mousemove', (ev) => {
    const b = node.getBoundingClientRect();
    hover(cellAt(ev.clientX - b.left, ev.clientY - b.top));
  });
  node.addEventListener('mouseleave', () => hover(null));
  if (opts.onZoom) {
    const onZoom = opts.onZoom;
    const g = layer.append('g');
    const br = brush().extent([[0, 0], [w, h]]).on('end', (ev) => {
      const sel = ev.selection as [[number, number], [number, number]] | null;
      if (!sel) return;
      g.call(br.move as never, null);
      const tok = (x: number, y: number) => cellTokens(map, cellAt(x, y), n);
      const a = tok(sel[0][0], sel[0][1]);
      const b = tok(sel[1][0] - 1e-6, sel[1][1] - 1e-6);
      const z = { q0: a.q[0], q1: b.q[1] + 1, k0: a.k[0], k1: b.k[1] + 1 };
      if (z.q1 - z.q0 >= 2 && z.k1 - z.k0 >= 2 && z.k0 < z.q1) onZoom(z);
    });
    g.call(br);
    node.addEventListener('dblclick', () => onZoom(null));
  }
  return handle;
}

/** Draws a thumbnail map into an existing canvas (head grid). */
export function drawThumb(canvas: HTMLCanvasElement, map: MapChunk, kind: ScaleKind, gamma: number): void {
  canvas.width = map.cols;
  canvas.height = map.rows;
  const scale: ColourScale = { kind, max: Math.max(1e-12, maxOf(map.data)), gamma };
  canvas.getContext('2d')?.putImageData(paintMap(map.data, map.rows, map.cols, scale), 0, 0);
}

/** Tile-wise a − b of two maps with the same tiling (exact when tile = 1; of tile values otherwise). */
export function diffMaps(a: MapChunk, b: MapChunk): MapData {
  const data = new Float32Array(a.data.length);
  for (let x = 0; x < data.length; x++) data[x] = (a.data[x] as number) - (b.data[x] as number);
  return { rows: a.rows, cols: a.cols, tile: a.tile, reduce: a.reduce, data, signed: true, origin: a.origin, extent: a.extent };
}
