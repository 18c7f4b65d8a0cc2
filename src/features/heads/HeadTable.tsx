import type { StatsChunk } from '../../schema/chunk';
import { guSinkRate } from '../../metrics/sinks';
import { selectHeads, selectPaneStats } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { inUnits } from '../../views/entropyLine';
import { kvGroupLabel } from './kvGroups';

/** At most six positions, then a count, so a head with many sinks keeps the table readable. */
const list = (xs: readonly number[]) =>
  xs.length === 0 ? '—' : xs.length <= 6 ? xs.join(' ') : `${xs.slice(0, 6).join(' ')} …(+${xs.length - 6})`;

/** The grid's numbers as a table: the text alternative of the grid, and what the tests read. */
export function HeadTable() {
  const heads = useLab(selectHeads);
  const layer = useLab((s) => s.experiment.view.layer);
  const stats = useLab(selectPaneStats);
  const units = useLab((s) => s.experiment.view.units);
  const eps = useLab((s) => s.experiment.analysis.sinks.eps);
  const masked = useLab((s) => s.experiment.analysis.mask.kind !== 'none');
  const staleBefore = useLab((s) => s.results.staleBefore);
  const kvHeads = useLab((s) => s.results.model?.kvHeads);
  const grouped = kvGroupLabel(heads, kvHeads, 0) !== null;
  const u = (nats: number) => (Number.isFinite(nats) ? inUnits(nats, units).toFixed(6) : '—');
  const inLayer = Array.from({ length: heads }, (_, h) => stats[layer * heads + h]);
  const done = inLayer.filter((s): s is StatsChunk => s !== undefined);
  const sink1 = done.length === heads ? guSinkRate(done.map((s) => s.alpha), eps)[0] : undefined;
  return (
    <Panel title="Per-head statistics" className="head-table" note="The grid's numbers as a table (also its text alternative). Orange: a head with a non-initial sink.">
      <div className="scroll-x" tabIndex={0} role="region" aria-label="Per-head statistics table">
      <table data-testid="head-table">
        <caption>
          Layer {layer}. Entropy in {units}. Gu et al. Sink<sub>1</sub><sup>ε={eps}</sup> over heads:{' '}
          <span data-testid="gu-sink1">{sink1 === undefined ? '…' : `${sink1.toFixed(1)}%`}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Head</th>
            {grouped ? <th scope="col" title="Grouped-query attention: the query heads of a group read the same keys and values">K/V head</th> : null}
            <th scope="col">Mean H</th>
            <th scope="col">H, i ≥ 1</th>
            <th scope="col">Ĥ</th>
            <th scope="col" title="Key positions j with α_j > τ (ACT's detector)">Sink positions j</th>
            <th scope="col">Sink mass</th>
            {masked ? <th scope="col">Sparsity</th> : null}
            {masked ? <th scope="col">Kept mass</th> : null}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: heads }, (_, h) => {
            const s = inLayer[h];
            return (
              <tr key={h} className={s && s.runId < staleBefore ? 'stale' : undefined}>
                <th scope="row">{h}</th>
                {grouped ? <td data-testid={`table-kv-${h}`} title={kvGroupLabel(heads, kvHeads, h) ?? undefined}>{Math.floor(h / (heads / (kvHeads as number)))}</td> : null}
                <td data-testid={`table-entropy-${h}`} data-value={s?.meanEntropy}>
                  {s ? u(s.meanEntropy) : '…'}
                </td>
                <td>{s ? u(s.meanEntropyFrom1) : '…'}</td>
                <td>{s && Number.isFinite(s.meanNormEntropy) ? s.meanNormEntropy.toFixed(4) : '—'}</td>
                <td data-testid={`table-sinks-${h}`} className={s?.sinks.nonInitial.length ? 'flag' : undefined}>
                  {s ? list(s.sinks.detected) : '…'}
                </td>
                <td data-testid={`table-sinkmass-${h}`}>{s ? (Number.isFinite(s.meanSinkMass) ? s.meanSinkMass.toFixed(4) : '—') : '…'}</td>
                {masked ? <td data-testid={`table-sparsity-${h}`}>{s?.mask ? `${(100 * s.mask.sparsity).toFixed(2)}%` : '—'}</td> : null}
                {masked ? <td data-testid={`table-retained-${h}`}>{s?.mask ? s.mask.meanRetained.toFixed(4) : '—'}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>
    </Panel>
  );
}
