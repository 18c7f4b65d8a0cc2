import type { StatsChunk } from '../../schema/chunk';
import { METHOD_INFO } from '../../methods/catalog';
import { selectUnit } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';

const f = (x: number | undefined, d = 4) => (x === undefined ? '…' : Number.isFinite(x) ? x.toFixed(d) : x > 0 ? '∞' : '—');
const mean = (x: Float32Array) => x.reduce((a, b) => a + b, 0) / x.length;

/** Every pane's numbers for the selected head, side by side; comparisons are against pane 0. */
export function SummaryTable() {
  const head = useLab((s) => s.experiment.view.head);
  const layer = useLab((s) => s.experiment.view.layer);
  const unit = useLab(selectUnit);
  const isModel = useLab((s) => s.experiment.source.kind === 'model');
  const methods = useLab((s) => s.experiment.methods);
  const stats = useLab((s) => s.results.stats);
  const masked = useLab((s) => s.experiment.analysis.mask.kind !== 'none');
  const rows = methods.map((m, k) => ({ m, k, s: stats[k]?.[unit] as StatsChunk | undefined }));
  return (
    <Panel title={isModel ? `Summary · layer ${layer} head ${head}` : `Summary · head ${head}`} className="summary-table" note="Comparisons (KL, JS, top-k overlap, ‖O′−O‖) are against the reference pane 0, per query row, then averaged. For sigmoid and softmax₁, H, Ĥ, sinks, KL, JS and overlap read renormalised rows; ‖O′−O‖ and the model's loss use the method's own rows, whose sum is the row mass.">
      <div className="scroll-x" tabIndex={0} role="region" aria-label="Summary table">
      <table data-testid="summary-table">
        <thead>
          <tr>
            <th scope="col">Pane</th>
            <th scope="col">Method</th>
            <th scope="col">Mean H (nats)</th>
            <th scope="col">Ĥ</th>
            <th scope="col">Sink mass</th>
            <th scope="col" title="Key positions j with α_j > τ (ACT's detector), first six">Sink positions j</th>
            {masked ? <th scope="col">Sparsity</th> : null}
            <th scope="col">KL</th>
            <th scope="col">JS</th>
            <th scope="col">Top-k overlap</th>
            <th scope="col">‖O′−O‖</th>
            <th scope="col">Row mass</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ m, k, s }) => (
            <tr key={k} data-testid={`summary-row-${k}`}>
              <th scope="row">{k}</th>
              <td>{METHOD_INFO[m.id].short}</td>
              <td data-testid={`summary-entropy-${k}`}>{f(s?.meanEntropy, 6)}</td>
              <td>{f(s?.meanNormEntropy)}</td>
              <td data-testid={`summary-sinkmass-${k}`}>{f(s?.meanSinkMass)}</td>
              <td>{s ? s.sinks.detected.slice(0, 6).join(' ') || '—' : '…'}</td>
              {masked ? <td>{s?.mask ? `${(100 * s.mask.sparsity).toFixed(1)}%` : '…'}</td> : null}
              <td data-testid={`summary-kl-${k}`}>{k === 0 ? '—' : f(s?.vsBase?.meanKL)}</td>
              <td data-testid={`summary-js-${k}`}>{k === 0 ? '—' : f(s?.vsBase?.meanJS, 6)}</td>
              <td>{k === 0 ? '—' : f(s?.vsBase?.meanOverlap, 3)}</td>
              <td data-testid={`summary-dout-${k}`}>{k === 0 ? '—' : f(s?.vsBase?.meanOutDelta)}</td>
              <td>{s?.extras?.kind === 'normaliser' ? f(mean(s.extras.rowMass), 3) : '1'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </Panel>
  );
}
