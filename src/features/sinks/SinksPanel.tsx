import { selectHeadStats } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { renderAlphaBars } from '../../views/alphaBars';
import { SINK_COLOURS } from '../../views/palette';
import { renderRowChart } from '../../views/rowChart';
import { useChart } from '../useChart';

const list = (xs: readonly number[]) => (xs.length ? xs.join(', ') : 'none');

/** Received attention α_j of the selected head, the τ line, and every detector's verdict. */
export function SinksPanel() {
  const head = useLab((s) => s.experiment.view.head);
  const tau = useLab((s) => s.experiment.analysis.sinks.tau);
  const stats = useLab(selectHeadStats);
  const ref = useChart(
    stats ? (el) => renderAlphaBars(el, { alpha: stats.alpha, tau, report: stats.sinks }, { width: 560, height: 220, tauLabel: 'detector τ' }) : null,
    [stats, tau],
  );
  const massRef = useChart(
    stats
      ? (el) =>
          renderRowChart(el, [{ label: 'mass on detected sinks', values: stats.sinkMass, colour: SINK_COLOURS.calibrated }], {
            width: 560,
            height: 170,
            yLabel: 'share of row',
            yDomain: [0, 1],
            label: 'Share of each query row’s attention that goes to the detected sinks.',
            testId: 'sink-mass-rows',
          })
      : null,
    [stats],
  );
  const r = stats?.sinks;
  return (
    <Panel
      title={`Sinks · head ${head}`}
      note={
        <>
          Bars: α<sub>j</sub>. Dashed grey: what uniform attention would give. Colours:{' '}
          <span><span style={{ color: SINK_COLOURS.exempt }} aria-hidden="true">■</span> exempt first sink</span>{' '}
          <span><span style={{ color: SINK_COLOURS.calibrated }} aria-hidden="true">■</span> sinks ACT would calibrate</span>.
        </>
      }
    >
      <div ref={ref} />
      <div ref={massRef} />
      {r && stats ? (
        <dl className="facts" data-testid="sink-facts">
          <dt>ACT detected (α &gt; τ)</dt>
          <dd data-testid="sinks-detected">{list(r.detected)}</dd>
          <dt>exempt · calibrated</dt>
          <dd data-testid="sinks-calibrated">
            {r.exempt ?? '—'} · {list(r.calibrated)}
          </dd>
          <dt>non-initial sinks</dt>
          <dd data-testid="sinks-noninitial" className={r.nonInitial.length ? 'flag' : undefined}>
            {list(r.nonInitial)}
          </dd>
          <dt>keys with α &gt; ε (Gu et al.'s ε; their Sink₁ reads key 0)</dt>
          <dd data-testid="sinks-gu">{list(r.gu)}</dd>
          <dt>relative κ·ū, support ≥ m [lab]</dt>
          <dd data-testid="sinks-relative">{list(r.relative)}</dd>
          <dt>mean row mass on detected sinks</dt>
          <dd data-testid="sink-mass">{Number.isFinite(stats.meanSinkMass) ? stats.meanSinkMass.toFixed(4) : '— (long context: only the selected head keeps its map)'}</dd>
        </dl>
      ) : (
        <p className="placeholder">Computing…</p>
      )}
    </Panel>
  );
}
