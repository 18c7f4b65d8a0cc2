import { interpolateMagma } from 'd3';
import { useEffect, useRef, useState } from 'react';
import type { MapChunk, StatsChunk } from '../../schema/chunk';
import { maxOf } from '../../schema/extent';
import { selectHeads, selectLayers, selectPaneStats, selectPaneThumbs } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { drawThumb } from '../../views/heatmap';
import { kvGroupLabel } from './kvGroups';

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
  layer,
  head,
  stats,
  thumb,
  selected,
  onSelect,
}: {
  layer: number;
  head: number;
  stats: StatsChunk | undefined;
  thumb: MapChunk | undefined;
  selected: boolean;
  onSelect: () => void;
}) {
  const entropy = stats ? stats.meanEntropy.toFixed(4) : '…';
  const staleBefore = useLab((s) => s.results.staleBefore);
  const stale = (stats && stats.runId < staleBefore) || (thumb && thumb.runId < staleBefore);
  return (
    <button
      type="button"
      className={`head-cell${selected ? ' selected' : ''}${stale ? ' stale' : ''}`}
      aria-pressed={selected}
      title={`Layer ${layer} head ${head}, mean entropy ${entropy} nats`}
      data-testid={`head-cell-${head}`}
      onClick={onSelect}
    >
      <Thumb map={thumb} />
      <span className="head-label">
        L{layer} H{head}
        <span className="head-entropy" data-testid={`head-entropy-${head}`}>
          {entropy}
        </span>
      </span>
    </button>
  );
}

/**
 * Every layer × head of a model at a glance: one square per head, coloured by the statistic the
 * learner picks (mean entropy, or α₀, the mean attention on the first token: the sink heads),
 * filled in as statistics stream. Clicking a square selects that layer and head.
 */
function LayerOverview({ layers, heads }: { layers: number; heads: number }) {
  const stats = useLab(selectPaneStats);
  const view = useLab((s) => s.experiment.view);
  const selectHead = useLab((s) => s.selectHead);
  const kvHeads = useLab((s) => s.results.model?.kvHeads);
  const [what, setWhat] = useState<'entropy' | 'alpha0'>('alpha0');
  const value = (st: StatsChunk | undefined) => (st ? (what === 'alpha0' ? (st.alpha[0] as number) : st.meanEntropyFrom1) : NaN);
  const values = stats.map(value).filter(Number.isFinite);
  const hi = Math.max(1e-9, maxOf(values));
  return (
    <div className="layer-overview">
      <div className="control inline" role="radiogroup" aria-label="Colour the heads by">
        <label><input type="radio" checked={what === 'alpha0'} onChange={() => setWhat('alpha0')} /> α₀ (attention on token 0)</label>
        <label><input type="radio" checked={what === 'entropy'} onChange={() => setWhat('entropy')} /> mean entropy (rows ≥ 1)</label>
      </div>
      <p className="hint" data-testid="overview-scale">
        Dark = 0, brightest = {values.length ? hi.toFixed(3) : '…'}{what === 'entropy' ? ' nats' : ''} (the largest here); click a square to open that head.
      </p>
      <div className="overview-grid" role="grid" aria-label={`${layers} layers × ${heads} heads`} data-testid="layer-overview"
        style={{ gridTemplateColumns: `2.5em repeat(${heads}, minmax(12px, 1fr))` }}>
        {Array.from({ length: layers }, (_, l) => (
          <div role="row" key={l} className="overview-row">
            <span role="rowheader" className="overview-label">L{l}</span>
            {Array.from({ length: heads }, (_, h) => {
              const v = value(stats[l * heads + h]);
              const t = Number.isFinite(v) ? Math.min(1, v / hi) : 0;
              const sel = l === view.layer && h === view.head;
              return (
                <button key={h} type="button" role="gridcell" aria-selected={sel}
                  className={`overview-cell${sel ? ' selected' : ''}`}
                  style={{ background: Number.isFinite(v) ? interpolateMagma(0.15 + 0.8 * t) : undefined }}
                  title={`Layer ${l} head ${h}: ${what === 'alpha0' ? 'α₀' : 'mean H'} ${Number.isFinite(v) ? v.toFixed(3) : '…'}${kvGroupLabel(heads, kvHeads, h) ? ` (${kvGroupLabel(heads, kvHeads, h)})` : ''}`}
                  data-testid={`overview-${l}-${h}`} data-value={Number.isFinite(v) ? v : undefined}
                  onClick={() => selectHead(h, l)} />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

/** The layers × heads grid: an overview of every head (models), and thumbnails of the selected layer's heads. */
export function HeadGrid() {
  const heads = useLab(selectHeads);
  const layers = useLab(selectLayers);
  const layer = useLab((s) => s.experiment.view.layer);
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
          {layers > 1 ? `${layers} layers × ${heads} heads; maps of layer ${layer}. ` : `Layer 0, ${heads} heads. `}
          Click a head to open it. Under each: mean entropy, nats (0 = one key; ln N = uniform).{' '}
          <span data-testid="progress">
            {progress.done}/{progress.total} maps computed (heads × panes)
          </span>
        </>
      }
    >
      {layers > 1 ? <LayerOverview layers={layers} heads={heads} /> : null}
      {layers > 1 ? (
        <div className="layer-tabs" role="tablist" aria-label="Layer">
          {Array.from({ length: layers }, (_, l) => (
            <button key={l} type="button" role="tab" aria-selected={l === layer} data-testid={`layer-${l}`} onClick={() => selectHead(selected, l)}>
              L{l}
            </button>
          ))}
        </div>
      ) : null}
      <div className="head-grid" role="group" aria-label={`Select a head of layer ${layer}`}>
        {Array.from({ length: heads }, (_, h) => (
          <HeadCell
            key={h}
            layer={layer}
            head={h}
            stats={stats[layer * heads + h]}
            thumb={thumbs[layer * heads + h]}
            selected={h === selected}
            onSelect={() => selectHead(h)}
          />
        ))}
      </div>
    </Panel>
  );
}
