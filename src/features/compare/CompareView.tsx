import { useCallback, useEffect, useRef, useState } from 'react';
import { METHOD_INFO } from '../../methods/catalog';
import { MAX_PANES, METHOD_IDS, defaultMethod, type MethodId } from '../../schema/methods';
import { useLab } from '../../state/useLab';
import type { Cell, HeatmapHandle, ZoomRequest } from '../../views/heatmap';
import { useShown } from '../useShown';
import { DiffCard } from './DiffCard';
import { CARD_PAD, PaneCard } from './PaneCard';
import { useMapTokens } from './shownMap';
import { heatmapMargins } from '../../views/heatmap';

/** Gap between cards (CSS .compare-cards) and slack for a late scrollbar. */
const GAP = 10;
const SLACK = 4;

/** Narrowest card worth having beside another; below it, cards stack (a phone). */
const MIN_CARD = 290;

/**
 * Map side in pixels: as many cards per row as fit at MIN_CARD (at most the number of cards),
 * each map filling its share of the width beyond its axes (`chrome`), never above 520 px.
 */
export function mapSize(cards: number, width: number, chrome = 60 + CARD_PAD): number {
  const perRow = Math.max(1, Math.min(cards, Math.floor((width + GAP) / (MIN_CARD + GAP))));
  const share = (width - SLACK - GAP * (perRow - 1)) / perRow;
  return Math.max(120, Math.min(520, Math.floor(share - chrome)));
}

/** Width of an element, following resizes. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(1000);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

/**
 * The methods side by side on the selected head: one card per pane, synchronised (same head,
 * colour scale, and a shared hover: pointing at a cell in one map points at it in all), plus the
 * difference card.
 */
export function CompareView() {
  const methods = useLab((s) => s.experiment.methods);
  const diff = useLab((s) => s.experiment.view.diff);
  const setMethods = useLab((s) => s.setMethods);
  const setView = useLab((s) => s.setView);
  const [adding, setAdding] = useState<MethodId>('temperature');
  const handles = useRef(new Map<number, HeatmapHandle>());
  const register = useCallback((key: number, h: HeatmapHandle | null) => {
    if (h) handles.current.set(key, h);
    else handles.current.delete(key);
  }, []);
  const onHover = useCallback((cell: Cell | null) => {
    for (const h of handles.current.values()) h.hover(cell);
  }, []);
  const setZoom = useLab((s) => s.setZoom);
  const zoom = useLab((s) => s.experiment.view.zoom);
  const onZoom = useCallback((z: ZoomRequest) => void setZoom(z), [setZoom]);
  const shown = useShown();
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const cards = methods.length + (diff ? 1 : 0);
  const first = useLab((s) => s.results.full[0] ?? null);
  const margins = heatmapMargins(useMapTokens(first));
  const size = mapSize(cards, width, margins.left + margins.right + CARD_PAD);
  return (
    <div className="compare" data-testid="compare" ref={box}>
      <div className="compare-head">
      {shown('panes') && <div className="compare-toolbar" role="toolbar" aria-label="Panes">
        <label>
          Add a pane:{' '}
          <select value={adding} onChange={(e) => setAdding(e.currentTarget.value as MethodId)} data-testid="add-method">
            {METHOD_IDS.map((id) => (
              <option key={id} value={id}>{METHOD_INFO[id].name}</option>
            ))}
          </select>
        </label>
        <button type="button" disabled={methods.length >= MAX_PANES} data-testid="add-pane" title={methods.length >= MAX_PANES ? `At most ${MAX_PANES} panes: remove one first` : undefined} onClick={() => setMethods([...methods, defaultMethod(adding)])}>
          Add
        </button>
        <label title={methods.length < 2 ? 'Needs two panes: add one first' : undefined}>
          <input type="checkbox" checked={diff !== null} disabled={methods.length < 2} data-testid="diff-on"
            onChange={(e) => setView({ diff: e.currentTarget.checked ? [Math.min(1, methods.length - 1), 0] : null })} />{' '}
          difference pane
        </label>
      </div>}
      <p className="zoom-bar" data-testid="zoom-bar">
        {zoom ? (
          <>
            Zoomed to queries {zoom.q0}–{zoom.q1 - 1}, keys {zoom.k0}–{zoom.k1 - 1} (every pane).{' '}
            <button type="button" data-testid="zoom-reset" onClick={() => setZoom(null)}>Show the whole map</button>
          </>
        ) : 'Drag a rectangle on any map to zoom every pane to it; double-click to zoom out.'}
      </p>
      </div>
      <div className="compare-cards">
        {methods.map((m, k) => (
          <PaneCard key={`${k}-${m.id}`} pane={k} size={size} register={register} onHover={onHover} onZoom={onZoom} />
        ))}
        {diff ? <DiffCard size={size} register={register} onHover={onHover} onZoom={onZoom} /> : null}
      </div>
    </div>
  );
}
