import { useEffect, useRef } from 'react';
import { METHOD_INFO } from '../../methods/catalog';
import { selectN } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Select } from '../../ui/Select';
import { diffMaps, heatmapMargins, renderHeatmap, type Cell, type HeatmapHandle, type ZoomRequest } from '../../views/heatmap';
import { CARD_PAD } from './PaneCard';
import { useMapTokens, useShownMap } from './shownMap';

/** Pane a minus pane b for the selected head, in diverging colours (white = no change). */
export function DiffCard({ size, register, onHover, onZoom }: { size: number; register: (key: number, h: HeatmapHandle | null) => void; onHover: (cell: Cell | null) => void; onZoom: (z: ZoomRequest) => void }) {
  const diff = useLab((s) => s.experiment.view.diff);
  const methods = useLab((s) => s.experiment.methods);
  const head = useLab((s) => s.experiment.view.head);
  const layer = useLab((s) => s.experiment.view.layer);
  const n = useLab(selectN);
  const setView = useLab((s) => s.setView);
  const sa = useShownMap(diff?.[0] ?? 0);
  const sb = useShownMap(diff?.[1] ?? 1);
  const a = diff ? sa.map : null;
  const b = diff ? sb.map : null;
  const ref = useRef<HTMLDivElement>(null);
  // Both maps must cover the same cells; while either is the last run's, the difference is dimmed.
  const ready = a && b && a.head === b.head && a.layer === b.layer && a.rows === b.rows && a.cols === b.cols && a.origin.q === b.origin.q && a.origin.k === b.origin.k ? [a, b] as const : null;
  const stale = sa.stale || sb.stale;
  const tokens = useMapTokens(ready?.[0] ?? null);

  useEffect(() => {
    if (!ref.current || !ready) return;
    const h = renderHeatmap(ref.current, diffMaps(ready[0], ready[1]), {
      n, size, scale: 'linear', gamma: 1, onHover, onZoom, testId: 'diff-canvas', tokens, stale,
      label: `Difference of two panes' attention maps for ${layer ? `layer ${layer} ` : ''}head ${head}`,
    });
    register(-1, h);
    return () => {
      register(-1, null);
      h.destroy();
    };
  }, [ready?.[0], ready?.[1], stale, tokens, n, size, head, layer, register, onHover, onZoom]);
  const margins = heatmapMargins(tokens);
  if (!diff || methods.length < 2) return null;
  const options = methods.map((_, k) => String(k));
  const name = (k: number) => `${k}: ${METHOD_INFO[methods[k]?.id ?? 'softmax'].short}`;
  const names = Object.fromEntries(options.map((k) => [k, name(Number(k))]));
  return (
    <section className="panel pane-card diff-card" style={{ width: size + margins.left + margins.right + CARD_PAD }} aria-label="Difference" data-testid="diff-card">
      <header className="pane-head">
        <h2>Difference</h2>
        <div className="diff-pick">
          <Select label="pane" value={String(diff[0])} options={options} names={names} testId="diff-a"
            onChange={(v) => Number(v) !== diff[1] && setView({ diff: [Number(v), diff[1]] })} />
          <span aria-hidden="true">−</span>
          <Select label="minus pane" value={String(diff[1])} options={options} names={names} testId="diff-b"
            onChange={(v) => Number(v) !== diff[0] && setView({ diff: [diff[0], Number(v)] })} />
        </div>
      </header>
      <div ref={ref} className="heatmap-host" style={{ minHeight: size + margins.top + margins.bottom + 24 }}>
        {ready ? null : <p className="placeholder">Computing the first maps…</p>}
      </div>
      <p className="pane-numbers">
        Orange: {name(diff[0])} attends more; purple: less.
        {ready && ready[0].tile > 1 && ready[0].reduce === 'max' ? ' (difference of tile maxima)' : ''}
      </p>
    </section>
  );
}
