import { paneHeadStats } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { renderRowChart } from '../../views/rowChart';
import { useChart } from '../useChart';

/** Selective temperature on the selected head: the multiplier m_i and the dilution plot. */
export function TemperaturePanel({ pane }: { pane: number }) {
  const head = useLab((s) => s.experiment.view.head);
  const onModel = useLab((s) => s.experiment.source.kind === 'model');
  const stats = useLab(paneHeadStats(pane));
  const base = useLab(paneHeadStats(0));
  const ex = stats?.extras?.kind === 'temperature' ? stats.extras : null;
  const mRef = useChart(
    ex ? (el) => renderRowChart(el, [{ label: 'm_i', values: ex.m, colour: '#3b5bdb' }], {
      width: 520, height: 160, yLabel: 'multiplier', label: 'Row multiplier m_i against query position.', testId: 'temp-m',
    }) : null,
    [ex],
  );
  const dilutionRef = useChart(
    stats && base
      ? (el) => {
          const n = stats.rowEntropy.length;
          const lnN = Array.from({ length: n }, (_, i) => Math.log(i + 1));
          return renderRowChart(el, [
            { label: 'H_i reference', values: base.rowEntropy, colour: '#9aa3ad' },
            { label: 'H_i temperature', values: stats.rowEntropy, colour: '#3b5bdb' },
            { label: 'max p reference', values: base.rowMax, colour: '#e0a96d', dashed: true },
            { label: 'max p temperature', values: stats.rowMax, colour: '#D55E00', dashed: true },
          ], { width: 520, height: 220, yLabel: 'nats / probability', x: lnN, xLabel: 'ln(i+1): log of the keys a query sees', label: 'Dilution plot: entropy and maximum weight per row against ln(i+1), reference and temperature.', testId: 'temp-dilution' });
        }
      : null,
    [stats, base],
  );
  return (
    <Panel title={`Selective temperature${onModel ? ' [lab]' : ''} · pane ${pane} · head ${head}`} note={`Later queries see more keys; without a temperature their attention dilutes (entropy up, max weight down). m_i = 1 + c·ln(i+1) sharpens them, applied before masking.${onModel ? ' On this model it is a lab intervention: the paper trains with the temperature, and this model was not trained with this one, so a new pane starts at c = 0 (no change).' : ''}`}>
      <div ref={mRef} />
      <div ref={dilutionRef} />
    </Panel>
  );
}
