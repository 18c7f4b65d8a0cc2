import { axisBottom, axisLeft, line, scaleLinear, select } from 'd3';

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

const MARGIN = { top: 22, right: 16, bottom: 40, left: 56 };
const LEGEND_ROW = 14;

/** Legend items laid out in rows that fit `width` (never cut): x offset and row of each. */
function legendLayout(labels: readonly string[], width: number): { x: number; row: number }[] {
  let x = 0;
  let row = 0;
  return labels.map((label) => {
    const w = 28 + 6.2 * label.length;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    const at = { x, row };
    x += w;
    return at;
  });
}

/**
 * A line chart of per-row quantities against query position (entropy and its ceiling, sink mass,
 * retained mass), with an inline legend. Non-finite values break the line instead of faking a 0.
 */
export function renderRowChart(el: HTMLElement, series: readonly RowSeries[], opts: RowChartOptions): () => void {
  // Points beyond the x values (or without one) are not drawn.
  let n = 1;
  for (const s of series) n = Math.max(n, s.values.length);
  const legend = legendLayout(series.map((s) => s.label), opts.width - MARGIN.left - MARGIN.right);
  const rows = 1 + (legend.at(-1)?.row ?? 0);
  const M = { ...MARGIN, top: MARGIN.top + LEGEND_ROW * (rows - 1) };
  const w = opts.width - M.left - M.right;
  const h = opts.height - MARGIN.top - M.bottom;
  let top = 0;
  for (const s of series) for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i] as number;
    if (Number.isFinite(v)) top = Math.max(top, v);
  }
  const xs = opts.x ? Array.from(opts.x) : Array.from({ length: n }, (_, i) => i);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of xs) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(hi > lo)) { lo = (Number.isFinite(lo) ? lo : 0) - 0.5; hi = lo + 1; } // one point: centred
  const x = scaleLinear().domain([lo, hi]).range([0, w]);
  const y = scaleLinear().domain(opts.yDomain ?? [0, Math.max(1e-6, top) * 1.05]).range([h, 0]).nice();
  const path = line<number>().defined((v) => Number.isFinite(v)).x((_, i) => x(xs[i] ?? i)).y((v) => y(v));

  const svg = select(el).append('svg').attr('width', opts.width).attr('height', opts.height + LEGEND_ROW * (rows - 1))
    .attr('viewBox', `0 0 ${opts.width} ${opts.height + LEGEND_ROW * (rows - 1)}`)
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
  const key = svg.append('g').attr('transform', `translate(${M.left},12)`);
  series.forEach((s, i) => {
    const at = legend[i] as { x: number; row: number };
    const y = at.row * LEGEND_ROW;
    key.append('line').attr('x1', at.x).attr('x2', at.x + 16).attr('y1', y - 4).attr('y2', y - 4).attr('stroke', s.colour)
      .attr('stroke-width', 2).attr('stroke-dasharray', s.dashed ? '4,2' : null);
    key.append('text').attr('x', at.x + 20).attr('y', y).attr('class', 'chart-note').text(s.label);
  });
  g.append('g').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(Math.min(n, 8)).tickFormat((v) => String(Number(Number(v).toPrecision(3)))));
  g.append('g').call(axisLeft(y).ticks(5));
  g.append('text').attr('x', w / 2).attr('y', h + 34).attr('text-anchor', 'middle').attr('class', 'axis-title')
    .text(opts.xLabel ?? 'query position i');
  g.append('text').attr('transform', `translate(-44,${h / 2}) rotate(-90)`).attr('text-anchor', 'middle')
    .attr('class', 'axis-title').text(opts.yLabel);
  return () => svg.remove();
}
