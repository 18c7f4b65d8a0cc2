import { axisBottom, axisLeft, line, scaleLinear, select } from 'd3';
import { maxOf, minOf } from '../schema/extent';

/** One line over query positions i = 0…N−1. */
export interface RowSeries {
  readonly label: string;
  readonly values: ArrayLike<number>;
  readonly colour: string;
  /** Dashed lines are references (ceilings, baselines), solid lines are measurements. */
  readonly dashed?: boolean;
}

export interface RowChartOptions {
  readonly width: number;
  readonly height: number;
  readonly yLabel: string;
  /** Fixed y domain, or undefined to fit the data from 0. */
  readonly yDomain?: readonly [number, number];
  readonly label: string;
  readonly testId: string;
  /** x value of each point (default: the index i) and the x axis title. */
  readonly x?: ArrayLike<number>;
  readonly xLabel?: string;
}

const M = { top: 22, right: 16, bottom: 40, left: 56 };

/**
 * A line chart of per-row quantities against query position (entropy and its ceiling, sink mass,
 * retained mass), with an inline legend. Non-finite values break the line instead of faking a 0.
 */
export function renderRowChart(el: HTMLElement, series: readonly RowSeries[], opts: RowChartOptions): () => void {
  // Points beyond the x values (or without one) are not drawn.
  const n = Math.max(1, maxOf(series.map((s) => s.values.length)));
  const w = opts.width - M.left - M.right;
  const h = opts.height - M.top - M.bottom;
  let top = 0;
  for (const s of series) for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i] as number;
    if (Number.isFinite(v)) top = Math.max(top, v);
  }
  const xs = opts.x ? Array.from(opts.x) : Array.from({ length: n }, (_, i) => i);
  const x0 = xs.length ? minOf(xs) : 0;
  const x = scaleLinear().domain([x0, Math.max(x0 + 1, maxOf(xs))]).range([0, w]);
  const y = scaleLinear().domain(opts.yDomain ?? [0, Math.max(1e-6, top) * 1.05]).range([h, 0]).nice();
  const path = line<number>().defined((v) => Number.isFinite(v)).x((_, i) => x(xs[i] ?? i)).y((v) => y(v));

  const svg = select(el).append('svg').attr('width', opts.width).attr('height', opts.height)
    .attr('role', 'img').attr('tabindex', 0).attr('data-testid', opts.testId).attr('aria-label', opts.label);
  const g = svg.append('g').attr('transform', `translate(${M.left},${M.top})`);
  for (const s of series) {
    g.append('path').attr('d', path(Array.from(s.values)) ?? '').attr('fill', 'none').attr('stroke', s.colour)
      .attr('stroke-width', s.dashed ? 1.2 : 1.8).attr('stroke-dasharray', s.dashed ? '5,3' : null);
    // Few points (a power iteration of 1–20 steps, a sweep): mark them, so a single point shows.
    if (s.values.length <= 20 && !s.dashed) {
      g.append('g').selectAll('circle').data(Array.from(s.values).flatMap((v, i) => (Number.isFinite(v) ? [[i, v] as const] : [])))
        .join('circle').attr('cx', ([i]) => x(xs[i] ?? i)).attr('cy', ([, v]) => y(v)).attr('r', 2.5).attr('fill', s.colour);
    }
  }
  const legend = svg.append('g').attr('transform', `translate(${M.left},12)`);
  let lx = 0;
  for (const s of series) {
    legend.append('line').attr('x1', lx).attr('x2', lx + 16).attr('y1', -4).attr('y2', -4).attr('stroke', s.colour)
      .attr('stroke-width', 2).attr('stroke-dasharray', s.dashed ? '4,2' : null);
    legend.append('text').attr('x', lx + 20).attr('y', 0).attr('class', 'chart-note').text(s.label);
    lx += 28 + 6.2 * s.label.length;
  }
  g.append('g').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(Math.min(n, 8)));
  g.append('g').call(axisLeft(y).ticks(5));
  g.append('text').attr('x', w / 2).attr('y', h + 34).attr('text-anchor', 'middle').attr('class', 'axis-title')
    .text(opts.xLabel ?? 'query position i');
  g.append('text').attr('transform', `translate(-44,${h / 2}) rotate(-90)`).attr('text-anchor', 'middle')
    .attr('class', 'axis-title').text(opts.yLabel);
  return () => svg.remove();
}
