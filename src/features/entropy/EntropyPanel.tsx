import { selectHeadStats } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { inUnits, renderEntropyLine } from '../../views/entropyLine';
import { useChart } from '../useChart';

/** How peaked each query of the selected head is, against the most it could spread, ln(i+1). */
export function EntropyPanel() {
  const head = useLab((s) => s.experiment.view.head);
  const units = useLab((s) => s.experiment.view.units);
  const stats = useLab(selectHeadStats);
  const ref = useChart(
    stats ? (el) => renderEntropyLine(el, { rowEntropy: stats.rowEntropy, units }, { width: 560, height: 220 }) : null,
    [stats, units],
  );
  return (
    <Panel
      title={`Entropy by position · head ${head}`}
      note={
        stats ? (
          <>
            Mean H {inUnits(stats.meanEntropy, units).toFixed(4)} {units} over all rows,{' '}
            {Number.isFinite(stats.meanEntropyFrom1) ? inUnits(stats.meanEntropyFrom1, units).toFixed(4) : '—'} over
            rows i ≥ 1; normalised Ĥ = H/ln(i+1) averages{' '}
            {Number.isFinite(stats.meanNormEntropy) ? stats.meanNormEntropy.toFixed(3) : '—'} (1 = uniform).
          </>
        ) : null
      }
    >
      <div ref={ref} />
    </Panel>
  );
}
