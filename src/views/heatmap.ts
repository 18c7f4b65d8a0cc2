import { axisBottom, axisLeft, axisRight, scaleLinear, select, symbol, symbolTriangle } from 'd3';
import type { ScaleKind } from '../schema/analysis';
import type { MapChunk } from '../schema/chunk';
import { cssColourAt, maxOf, paintMap, valueScale, type ColourScale } from './colormap';
import { SINK_COLOURS } from './palette';

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
}

/** What is under the pointer, in token positions (inclusive ranges when a tile spans several). */
export interface HoverInfo {
  readonly queries: readonly [number, number];
  readonly keys: readonly [number, number];
  readonly value: number;
  readonly masked: boolean;
  /** Kept fraction under the sparsity mask, when one is shown. */
  readonly kept: number | null;
}

const M = { top: 22, right: 132, bottom: 44, left: 52 };

export function describeHover(h: HoverInfo, reduce: MapChunk['reduce']): string {
  const range = (r: readonly [number, number]) => (r[0] === r[1] ? `${r[0]}` : `${r[0]}–${r[1]}`);
  const q = `query ${range(h.queries)}`;
  const k = `key ${range(h.keys)}`;
  if (h.masked) return `${q} · ${k} · masked (key after query)`;
  const single = h.queries[0] === h.queries[1] && h.keys[0] === h.keys[1];
  const what = single ? 'p' : `${reduce} p`;
  let text = `${q} · ${k} · ${what} = ${h.value.toFixed(4)}`;
  if (h.kept !== null) text += single ? (h.kept > 0 ? ' · kept' : ' · dropped') : ` · ${(100 * h.kept).toFixed(0)}% kept`;
  return text;
}

function paintVeil(mask: MapChunk): ImageData {
  const img = new ImageData(mask.cols, mask.rows);
  for (let r = 0; r < mask.rows; r++) {
    for (let c = 0; c <= Math.min(r, mask.cols - 1); c++) {
      const o = 4 * (r * mask.cols + c);
      img.data[o] = 255;
      img.data[o + 1] = 255;
      img.data[o + 2] = 255;
      img.data[o + 3] = Math.round(215 * (1 - (mask.data[r * mask.cols + c] as number)));
    }
  }
  return img;
}

function rasterCanvas(root: ReturnType<typeof select<HTMLDivElement, unknown>>, w: number, h: number, size: number) {
  return root
    .append('canvas')
    .attr('width', w)
    .attr('height', h)
    .style('position', 'absolute')
    .style('left', `${M.left}px`)
    .style('top', `${M.top}px`)
    .style('width', `${size}px`)
    .style('height', `${size}px`)
    .style('image-rendering', 'pixelated');
}

/**
 * Draws one head's map: a canvas raster (one ImageData pixel per tile, scaled without smoothing),
 * an optional mask veil, D3 axes in token positions, sink markers, a colour legend and a hover
 * read-out. Returns a cleanup function.
 */
export function renderHeatmap(el: HTMLElement, map: MapChunk, opts: HeatmapOptions): () => void {
  const { n, size } = opts;
  const root = select(el).append('div').attr('class', 'heatmap').style('position', 'relative');
  const scale: ColourScale = { kind: opts.scale, max: Math.max(1e-12, maxOf(map.data)), gamma: opts.gamma };

  const canvas = rasterCanvas(root, map.cols, map.rows, size)
    .attr('role', 'img')
    .attr('aria-label', opts.label)
    .attr('data-testid', 'heatmap-canvas')
    .node() as HTMLCanvasElement;
  canvas.getContext('2d')?.putImageData(paintMap(map.data, map.rows, map.cols, scale), 0, 0);
  let top = canvas;
  if (opts.mask) {
    top = rasterCanvas(root, opts.mask.cols, opts.mask.rows, size).attr('data-testid', 'mask-veil').node() as HTMLCanvasElement;
    top.getContext('2d')?.putImageData(paintVeil(opts.mask), 0, 0);
  }

  const svg = root
    .append('svg')
    .attr('width', M.left + size + M.right)
    .attr('height', M.top + size + M.bottom)
    .attr('aria-hidden', 'true')
    .style('display', 'block')
    .style('pointer-events', 'none');
  // Token j occupies [j, j+1) of the axis; ticks label token centres, so shift by half a token.
  const pos = scaleLinear().domain([-0.5, n - 0.5]).range([0, size]);
  const ticks = Math.min(n, 8);
  const fmt = (d: unknown) => String(Math.round(Number(d)));
  svg.append('g').attr('transform', `translate(${M.left},${M.top + size})`).call(axisBottom(pos).ticks(ticks).tickFormat(fmt));
  svg.append('g').attr('transform', `translate(${M.left},${M.top})`).call(axisLeft(pos).ticks(ticks).tickFormat(fmt));
  svg.append('text').attr('x', M.left + size / 2).attr('y', M.top + size + 36).attr('text-anchor', 'middle')
    .attr('class', 'axis-title').text('key position j (attended to)');
  svg.append('text').attr('transform', `translate(14,${M.top + size / 2}) rotate(-90)`).attr('text-anchor', 'middle')
    .attr('class', 'axis-title').text('query position i');

  if (opts.sinks) {
    const marks = [
      ...(opts.sinks.exempt !== null ? [{ j: opts.sinks.exempt, kind: 'exempt' as const }] : []),
      ...opts.sinks.calibrated.map((j) => ({ j, kind: 'calibrated' as const })),
    ];
    svg.append('g').attr('data-testid', 'sink-markers').selectAll('path').data(marks).join('path')
      .attr('d', symbol(symbolTriangle, 60))
      .attr('transform', (d) => `translate(${M.left + pos(d.j)},${M.top - 9}) rotate(180)`)
      .attr('fill', (d) => SINK_COLOURS[d.kind])
      .attr('data-key', (d) => d.j);
  }

  // Legend: the colour map against the value axis of the chosen scale.
  const lx = M.left + size + 24;
  const grad = svg.append('defs').append('linearGradient').attr('id', 'heat-legend')
    .attr('x1', 0).attr('x2', 0).attr('y1', 1).attr('y2', 0);
  for (let s = 0; s <= 16; s++) grad.append('stop').attr('offset', s / 16).attr('stop-color', cssColourAt(s / 16));
  svg.append('rect').attr('x', lx).attr('y', M.top).attr('width', 14).attr('height', size).attr('fill', 'url(#heat-legend)');
  const legendAxis = valueScale(scale).copy().range([size, 0]);
  svg.append('g').attr('transform', `translate(${lx + 14},${M.top})`)
    .call(axisRight(legendAxis as never).ticks(5, opts.scale === 'log' ? '.0e' : undefined));
  svg.append('text').attr('x', lx - 8).attr('y', M.top + size + 28).attr('class', 'axis-title')
    .text(`${map.tile > 1 ? `${map.reduce} p/tile` : 'probability'} (${opts.scale})`);

  const readout = root.append('div').attr('class', 'hover-readout').attr('data-testid', 'hover-readout')
    .attr('aria-live', 'polite').text('Hover the map to read a probability.');

  const onMove = (ev: MouseEvent) => {
    const rect = top.getBoundingClientRect();
    const c = Math.min(map.cols - 1, Math.max(0, Math.floor(((ev.clientX - rect.left) / rect.width) * map.cols)));
    const r = Math.min(map.rows - 1, Math.max(0, Math.floor(((ev.clientY - rect.top) / rect.height) * map.rows)));
    const t = map.tile;
    readout.text(describeHover({
      queries: [r * t, Math.min(n, (r + 1) * t) - 1],
      keys: [c * t, Math.min(n, (c + 1) * t) - 1],
      value: map.data[r * map.cols + c] as number,
      masked: c > r,
      kept: opts.mask ? (opts.mask.data[r * map.cols + c] as number) : null,
    }, map.reduce));
  };
  top.addEventListener('mousemove', onMove);
  return () => {
    top.removeEventListener('mousemove', onMove);
    root.remove();
  };
}

/** Draws a thumbnail map into an existing canvas (head grid). */
export function drawThumb(canvas: HTMLCanvasElement, map: MapChunk, kind: ScaleKind, gamma: number): void {
  canvas.width = map.cols;
  canvas.height = map.rows;
  const scale: ColourScale = { kind, max: Math.max(1e-12, maxOf(map.data)), gamma };
  canvas.getContext('2d')?.putImageData(paintMap(map.data, map.rows, map.cols, scale), 0, 0);
}
