import { useEffect, useRef } from 'react';
import type { MapChunk, StatsChunk } from '../../schema/chunk';
import { selectPaneStats, selectPaneThumbs } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { drawThumb } from '../../views/heatmap';

function Thumb({ map }: { map: MapChunk | undefined }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const scale = useLab((s) => s.experiment.view.scale);
  const gamma = useLab((s) => s.experiment.view.gamma);
  useEffect(() => {
    if (ref.current && map) drawThumb(ref.current, map, scale, gamma);
  }, [map, scale, gamma]);
  return <canvas ref={ref} className="thumb" aria-hidden="true" width={1} height={1} />;
}

function HeadCell({
  head,
  stats,
  thumb,
  selected,
  onSelect,
}: {
  head: number;
  stats: StatsChunk | undefined;
  thumb: MapChunk | undefined;
  selected: boolean;
  onSelect: () => void;
}) {
  const entropy = stats ? stats.meanEntropy.toFixed(4) : '…';
  return (
    <button
      type="button"
      className={`head-cell${selected ? ' selected' : ''}`}
      aria-pressed={selected}
      title={`Layer 0 head ${head}, mean entropy ${entropy} nats`}
      data-testid={`head-cell-${head}`}
      onClick={onSelect}
    >
      <Thumb map={thumb} />
      <span className="head-label">
        L0 H{head}
        <span className="head-entropy" data-testid={`head-entropy-${head}`}>
          {entropy}
        </span>
      </span>
    </button>
  );
}

/** The layers × heads grid: a thumbnail per head, filled in as heads stream in. */
export function HeadGrid() {
  const heads = useLab((s) => s.experiment.source.heads);
  const selected = useLab((s) => s.experiment.view.head);
  const stats = useLab(selectPaneStats);
  const thumbs = useLab(selectPaneThumbs);
  const progress = useLab((s) => s.results.progress);
  const selectHead = useLab((s) => s.selectHead);
  return (
    <Panel
      title="Heads"
      className="panel-heads"
      note={
        <>
          Layer 0, {heads} heads. Under each map: mean row entropy in nats (0 = every query looks
          at one key; ln N = uniform).{' '}
          <span data-testid="progress">
            {progress.done}/{progress.total} maps computed (heads × panes)
          </span>
        </>
      }
    >
      <div className="head-grid" role="group" aria-label="Select a head">
        {Array.from({ length: heads }, (_, h) => (
          <HeadCell
            key={h}
            head={h}
            stats={stats[h]}
            thumb={thumbs[h]}
            selected={h === selected}
            onSelect={() => selectHead(h)}
          />
        ))}
      </div>
    </Panel>
  );
}

