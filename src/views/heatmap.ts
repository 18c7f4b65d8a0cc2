import { axisBottom, axisLeft, axisRight, scaleLinear, select } from 'd3';
import type { MapChunk } from '../schema/chunk';
import { cssColourOf, maxOf, paintMap, type ColourScale } from './colormap';

export interface HeatmapOptions {
  /** Sequence length N (the map covers queries and keys 0…N−1). */
  readonly n: number;
  /** Side of the drawn map, CSS pixels. */
  readonly size: number;
  /** Exponent for the colour scale (1 = linear). */
  readonly gamma: number;
  /** Accessible name of the figure. */
  readonly label: string;
}

/** What is under the pointer, in token positions (inclusive ranges when a tile spans several). */
export interface HoverInfo {
  readonly queries: readonly [number, number];
  readonly keys: readonly [number, number];
  readonly value: number;
  readonly masked: boolean;
}

const M = { top: 12, right: 96, bottom: 44, left: 52 };

export function describeHover(h: HoverInfo, reduce: MapChunk['reduce']): string {
  const range = (r: readonly [number, number]) => (r[0] === r[1] ? `${r[0]}` : `${r[0]}–${r[1]}`);
  const q = `query ${range(h.queries)}`;
  const k = `key ${range(h.keys)}`;
  if (h.masked) return `${q} · ${k} · masked (key after query)`;
  const what = h.queries[0] === h.queries[1] && h.keys[0] === h.keys[1] ? 'p' : `${reduce} p`;
  return `${q} · ${k} · ${what} = ${h.value.toFixed(4)}`;
}

/**
 * Draws one head's map: a canvas raster (one ImageData pixel per tile, scaled without smoothing),
 * D3 axes in token positions, a colour legend, and a hover read-out. Returns a cleanup function.
 */
export function renderHeatmap(el: HTMLElement, map: MapChunk, opts: HeatmapOptions): () => void {
  const { n, size } = opts;
  const root = select(el).append('div').attr('class', 'heatmap').style('position', 'relative');
  const width = M.left + size + M.right;
  const height = M.top + size + M.bottom;

  const canvas = root
    .append('canvas')
    .attr('width', map.cols)
    .attr('height', map.rows)
    .attr('role', 'img')
    .attr('aria-label', opts.label)
    .attr('data-testid', 'heatmap-canvas')
    .style('position', 'absolute')
    .style('left', `${M.left}px`)
    .style('top', `${M.top}px`)
    .style('width', `${size}px`)
    .style('height', `${size}px`)
    .style('image-rendering', 'pixelated')
    .node() as HTMLCanvasElement;
  const scale: ColourScale = { max: Math.max(1e-12, maxOf(map.data)), gamma: opts.gamma };
  canvas.getContext('2d')?.putImageData(paintMap(map.data, map.rows, map.cols, scale), 0, 0);

  const svg = root
    .append('svg')
    .attr('width', width)
    .attr('height', height)
    .attr('aria-hidden', 'true')
    .style('display', 'block')
    .style('pointer-events', 'none');
  // Token j occupies [j, j+1) of the axis; ticks label token centres, so shift by half a token.
  const pos = scaleLinear().domain([-0.5, n - 0.5]).range([0, size]);
  const ticks = Math.min(n, 8);
  svg
    .append('g')
    .attr('transform', `translate(${M.left},${M.top + size})`)
    .call(axisBottom(pos).ticks(ticks).tickFormat((d) => String(Math.floor(Number(d)))));
  svg
    .append('g')
    .attr('transform', `translate(${M.left},${M.top})`)
    .call(axisLeft(pos).ticks(ticks).tickFormat((d) => String(Math.floor(Number(d)))));
  svg
    .append('text')
    .attr('x', M.left + size / 2)
    .attr('y', M.top + size + 36)
    .attr('text-anchor', 'middle')
    .attr('class', 'axis-title')
    .text('key position j (attended to)');
  svg
    .append('text')
    .attr('transform', `translate(14,${M.top + size / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('class', 'axis-title')
    .text('query position i');

  // Legend: a vertical gradient from 0 to the map's maximum.
  const lx = M.left + size + 24;
  const grad = svg.append('defs').append('linearGradient').attr('id', 'heat-legend').attr('x1', 0).attr('x2', 0).attr('y1', 1).attr('y2', 0);
  for (let s = 0; s <= 16; s++) {
    grad.append('stop').attr('offset', s / 16).attr('stop-color', cssColourOf((s / 16) * scale.max, scale));
  }
  svg.append('rect').attr('x', lx).attr('y', M.top).attr('width', 14).attr('height', size).attr('fill', 'url(#heat-legend)');
  const legendScale = scaleLinear().domain([0, scale.max]).range([size, 0]);
  svg.append('g').attr('transform', `translate(${lx + 14},${M.top})`).call(axisRight(legendScale).ticks(5));
  svg.append('text').attr('x', lx).attr('y', M.top + size + 28).attr('class', 'axis-title').text(map.tile > 1 ? `${map.reduce} p / tile` : 'probability');

  const readout = root
    .append('div')
    .attr('class', 'hover-readout')
    .attr('data-testid', 'hover-readout')
    .attr('aria-live', 'polite')
    .text('Hover the map to read a probability.');

  const onMove = (ev: MouseEvent) => {
    const rect = canvas.getBoundingClientRect();
    const c = Math.min(map.cols - 1, Math.max(0, Math.floor(((ev.clientX - rect.left) / rect.width) * map.cols)));
    const r = Math.min(map.rows - 1, Math.max(0, Math.floor(((ev.clientY - rect.top) / rect.height) * map.rows)));
    const t = map.tile;
    const info: HoverInfo = {
      queries: [r * t, Math.min(n, (r + 1) * t) - 1],
      keys: [c * t, Math.min(n, (c + 1) * t) - 1],
      value: map.data[r * map.cols + c] as number,
      masked: c > r,
    };
    readout.text(describeHover(info, map.reduce));
  };
  canvas.addEventListener('mousemove', onMove);
  return () => {
    canvas.removeEventListener('mousemove', onMove);
    root.remove();
  };
}

/** Draws a thumbnail map into an existing canvas (head grid). */
export function drawThumb(canvas: HTMLCanvasElement, map: MapChunk, gamma: number): void {
  canvas.width = map.cols;
  canvas.height = map.rows;
  const scale: ColourScale = { max: Math.max(1e-12, maxOf(map.data)), gamma };
  canvas.getContext('2d')?.putImageData(paintMap(map.data, map.rows, map.cols, scale), 0, 0);
}
