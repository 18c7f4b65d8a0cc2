import type { StatsChunk } from '../../schema/chunk';
import { paneHeadStats } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { renderAlphaBars } from '../../views/alphaBars';
import { SINK_COLOURS } from '../../views/palette';
import { renderRowChart } from '../../views/rowChart';
import { useChart } from '../useChart';

const meanFinite = (x: Float32Array) => {
  let s = 0;
  let c = 0;
  for (const v of x) {
    if (!Number.isFinite(v)) continue;
    s += v;
    c++;
  }
  return c ? s / c : NaN;
};

/** ACT on the selected head: what was detected, what was calibrated, where the mass went; and a head ranking. */
export function ActPanel({ pane }: { pane: number }) {
  const head = useLab((s) => s.experiment.view.head);
  const stats = useLab(paneHeadStats(pane));
  const all = useLab((s) => s.results.stats);
  const ex = stats?.extras?.kind === 'act' ? stats.extras : null;
  const barsRef = useChart(
    ex ? (el) => renderAlphaBars(el, { alpha: ex.alphaBefore, tau: ex.tau, report: { ...ex, nonInitial: [], gu: [], relative: [] } }, { width: 520, height: 200, testId: 'act-alpha-bars' }) : null,
    [ex],
  );
  const rowsRef = useChart(
    ex
      ? (el) => renderRowChart(el, [
          { label: 's_i: mass on calibrated sinks (before)', values: ex.s, colour: SINK_COLOURS.calibrated },
          { label: 'share of freed mass to the exempt key', values: ex.toExempt, colour: SINK_COLOURS.exempt },
        ], { width: 520, height: 180, yLabel: 'per row', yDomain: [0, 1], label: 'ACT per row: sink mass before calibration, and the share of the freed mass the exempt key absorbed.', testId: 'act-rows' })
      : null,
    [ex],
  );
  // Until a model gives a loss, rank heads by how much ACT moves their entropy.
  const ranking = (all[pane] ?? []).flatMap((s, h) => {
    const base = all[0]?.[h] as StatsChunk | undefined;
    return s && base ? [{ h, d: s.meanEntropy - base.meanEntropy, n: s.extras?.kind === 'act' ? s.extras.calibrated.length : 0 }] : [];
  }).sort((a, b) => Math.abs(b.d) - Math.abs(a.d));
  return (
    <Panel title={`ACT · pane ${pane} · head ${head}`} note="Detection on the map before calibration; bars coloured by role. The difference pane shows A′ − A.">
      <div ref={barsRef} />
      {ex ? (
        <dl className="facts" data-testid="act-facts">
          <dt>detected (α &gt; τ)</dt><dd data-testid="act-detected">{ex.detected.join(', ') || 'none'}</dd>
          <dt>exempt</dt><dd data-testid="act-exempt">{ex.exempt ?? 'none'}</dd>
          <dt>calibrated</dt><dd data-testid="act-calibrated">{ex.applied ? ex.calibrated.join(', ') || 'none' : 'not applied to this head'}</dd>
          <dt>mean share of freed mass to the exempt key</dt><dd data-testid="act-to-exempt">{Number.isFinite(meanFinite(ex.toExempt)) ? meanFinite(ex.toExempt).toFixed(3) : '—'}</dd>
        </dl>
      ) : <p className="placeholder">Computing…</p>}
      <div ref={rowsRef} />
      <table className="ranking" data-testid="act-ranking">
        <caption>Head search: heads ranked by |ΔH| when ACT calibrates them (a model's loss will replace this)</caption>
        <thead><tr><th scope="col">Head</th><th scope="col">ΔH (nats)</th><th scope="col">Calibrated keys</th></tr></thead>
        <tbody>
          {ranking.map((r) => (
            <tr key={r.h}><td>{r.h}</td><td>{r.d >= 0 ? '+' : ''}{r.d.toFixed(4)}</td><td>{r.n}</td></tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
