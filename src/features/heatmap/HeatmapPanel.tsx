import { useEffect, useRef } from 'react';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { renderHeatmap } from '../../views/heatmap';

const SIZE = 512;
const GAMMA = 1;

/** The selected head's map, large, with axes, legend and hover read-out. */
export function HeatmapPanel() {
  const full = useLab((s) => s.results.full);
  const n = useLab((s) => s.experiment.source.seqLen);
  const head = useLab((s) => s.experiment.view.head);
  const stats = useLab((s) => s.results.stats[head]);
  const ref = useRef<HTMLDivElement>(null);

  const current = full && full.head === head ? full : null;
  useEffect(() => {
    if (!ref.current || !current) return;
    return renderHeatmap(ref.current, current, {
      n,
      size: SIZE,
      gamma: GAMMA,
      label: `Attention map of layer 0 head ${head}: query positions down, key positions across`,
    });
  }, [current, n, head]);

  const tileNote = current && current.tile > 1
    ? ` Each pixel is the ${current.reduce} over a ${current.tile}×${current.tile} block of tokens (reduced on the GPU).`
    : '';
  return (
    <Panel
      title={`Layer 0 · head ${head}`}
      note={
        <>
          Row i is how query i spreads its attention over keys j ≤ i (causal; grey = masked).
          A bright column is a sink: a key most queries attend to.{tileNote}{' '}
          {stats ? (
            <span>
              Mean entropy <strong data-testid="selected-entropy">{stats.meanEntropy.toFixed(4)}</strong> nats.
            </span>
          ) : null}
        </>
      }
    >
      <div ref={ref} className="heatmap-host" data-testid="heatmap" style={{ minHeight: SIZE + 56 }}>
        {current ? null : <p className="placeholder">Computing…</p>}
      </div>
    </Panel>
  );
}
