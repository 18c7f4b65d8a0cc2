import { axisBottom, axisLeft, line, scaleLinear, select } from 'd3';
import { uniformAlpha, type SinkReport } from '../metrics/sinks';
import { SINK_COLOURS } from './palette';

export interface AlphaBarsData {
  /** Received attention α_j per key, [N]. */
  readonly alpha: ArrayLike<number>;
  readonly tau: number;
  readonly report: SinkReport;
}

export interface AlphaBarsOptions {
  readonly width: number;
  readonly height: number;
  readonly testId?: string;
  /** What the τ line is (the detectors' τ, or an ACT pane's own). */
  readonly tauLabel?: string;
}

const M = { top: 14, right: 16, bottom: 40, left: 52 };

/**
 * Bar chart of received attention α_j with ACT's τ line and the uniform-attention level ū_j.
 * Bars are coloured by role: exempt first sink, sinks ACT would calibrate, the rest. Drawn as
 * one SVG path per role (not one element per key) so N = 4096 stays cheap.
 */
export function renderAlphaBars(el: HTMLElement, d: AlphaBarsData, opts: AlphaBarsOptions): () => void {
  const n = d.alpha.length;
  const w = opts.width - M.left - M.right;
  const h = opts.height - M.top - M.bottom;
  let top = d.tau;
  for (let j = 0; j < n; j++) top = Math.max(top, d.alpha[j] as number);
  const x = scaleLinear().domain([-0.5, n - 0.5]).range([0, w]);
  const y = scaleLinear().domain([0, top * 1.08]).range([h, 0]).nice();
  const bw = Math.max(1, (w / n) * 0.8);

  const calibrated = new Set(d.report.calibrated);
  const paths = { exempt: '', calibrated: '', plain: '' };
  for (let j = 0; j < n; j++) {
    const role = j === d.report.exempt ? 'exempt' : calibrated.has(j) ? 'calibrated' : 'plain';
    const x0 = x(j) - bw / 2;
    const y0 = y(d.alpha[j] as number);
    paths[role] += `M${x0},${h}V${y0}h${bw}V${h}Z`;
  }

  const svg = select(el).append('svg').attr('width', opts.width).attr('height', opts.height).attr('viewBox', `0 0 ${opts.width} ${opts.height}`)
    .attr('role', 'img').attr('tabindex', 0).attr('data-testid', opts.testId ?? 'alpha-bars')
    .attr('aria-label', `Received attention per key. Detected sinks (α > ${d.tau}): ${d.report.detected.join(', ') || 'none'}.`);
  const g = svg.append('g').attr('transform', `translate(${M.left},${M.top})`);
  for (const role of ['plain', 'calibrated', 'exempt'] as const) {
    g.append('path').attr('d', paths[role]).attr('fill', SINK_COLOURS[role]).attr('data-role', role);
  }
  const u = uniformAlpha(n);
  g.append('path').attr('fill', 'none').attr('stroke', '#555').attr('stroke-width', 1).attr('stroke-dasharray', '2,2')
    .attr('d', line<number>().x((_, j) => x(j)).y((v) => y(v))(Array.from(u)) ?? '');
  g.append('line').attr('x1', 0).attr('x2', w).attr('y1', y(d.tau)).attr('y2', y(d.tau))
    .attr('stroke', SINK_COLOURS.calibrated).attr('stroke-width', 1.5).attr('stroke-dasharray', '6,3');
  g.append('text').attr('x', w).attr('y', y(d.tau) - 4).attr('text-anchor', 'end').attr('class', 'chart-note')
    .text(`${opts.tauLabel ?? 'τ'} = ${d.tau}`);
  g.append('g').attr('transform', `translate(0,${h})`)
    .call(axisBottom(x).ticks(Math.min(n, 8)).tickFormat((v) => String(Math.round(Number(v)))));
  g.append('g').call(axisLeft(y).ticks(5));
  g.append('text').attr('x', w / 2).attr('y', h + 34).attr('text-anchor', 'middle').attr('class', 'axis-title')
    .text('key position j');
  g.append('text').attr('transform', `translate(-40,${h / 2}) rotate(-90)`).attr('text-anchor', 'middle')
    .attr('class', 'axis-title').text('α_j received');
  return () => svg.remove();
}
