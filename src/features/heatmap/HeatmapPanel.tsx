import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { renderHeatmap } from '../../views/heatmap';
import { useChart } from '../useChart';

const SIZE = 512;

/** The selected head's map, large, with axes, sink markers, mask veil, legend and hover read-out. */
export function HeatmapPanel() {
  const full = useLab((s) => s.results.full);
  const maskMap = useLab((s) => s.results.maskMap);
  const n = useLab((s) => s.experiment.source.seqLen);
  const view = useLab((s) => s.experiment.view);
  const maskKind = useLab((s) => s.experiment.analysis.mask.kind);
  const head = view.head;
  const stats = useLab((s) => s.results.stats[head]);

  const current = full && full.head === head ? full : null;
  const mask = maskKind !== 'none' && maskMap && maskMap.head === head ? maskMap : null;
  const ref = useChart(
    current
      ? (el) =>
          renderHeatmap(el, current, {
            n,
            size: SIZE,
            scale: view.scale,
            gamma: view.gamma,
            label: `Attention map of layer 0 head ${head}: query positions down, key positions across`,
            sinks: stats ? { exempt: stats.sinks.exempt, calibrated: stats.sinks.calibrated } : undefined,
            mask,
          })
      : null,
    [current, mask, n, head, view.scale, view.gamma, stats],
  );

  const tileNote = current && current.tile > 1
    ? ` Each pixel is the ${current.reduce} over a ${current.tile}×${current.tile} block of tokens (reduced on the GPU).`
    : '';
  const maskNote = stats?.mask
    ? ` Veiled: what the ${stats.mask.kind} mask drops; it keeps ${(100 * stats.mask.meanRetained).toFixed(1)}% of the mass at ${(100 * stats.mask.sparsity).toFixed(1)}% sparsity.`
    : '';
  return (
    <Panel
      title={`Layer 0 · head ${head}`}
      className="panel-map"
      note={
        <>
          Row i is how query i spreads its attention over keys j ≤ i (causal; grey = masked). A bright
          column is a sink: a key most queries attend to (▼ marks).{tileNote}{maskNote}{' '}
          {stats ? (
            <span>
              Mean entropy <strong data-testid="selected-entropy">{stats.meanEntropy.toFixed(4)}</strong> nats.
            </span>
          ) : null}
        </>
      }
    >
      <div ref={ref} className="heatmap-host" data-testid="heatmap" style={{ minHeight: SIZE + 66 }}>
        {current ? null : <p className="placeholder">Computing…</p>}
      </div>
    </Panel>
  );
}
