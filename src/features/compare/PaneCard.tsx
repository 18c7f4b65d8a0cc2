import { useEffect, useRef } from 'react';
import { METHOD_INFO } from '../../methods/catalog';
import { MAX_PANES, type MethodSpec } from '../../schema/methods';
import { paneHeadStats, selectN } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { heatmapMargins, renderHeatmap, type Cell, type HeatmapHandle, type ZoomRequest } from '../../views/heatmap';
import { useMapTokens, useShownMap } from './shownMap';
import { useShown } from '../useShown';
import { MethodEditor } from './MethodEditor';

/** Card padding and border around the map's own margins. */
export const CARD_PAD = 22;

export interface PaneCardProps {
  readonly pane: number;
  readonly size: number;
  readonly register: (pane: number, h: HeatmapHandle | null) => void;
  readonly onHover: (cell: Cell | null) => void;
  readonly onZoom: (z: ZoomRequest) => void;
}

/** One method's map of the selected head, its controls, and its headline numbers. */
export function PaneCard({ pane, size, register, onHover, onZoom }: PaneCardProps) {
  const methods = useLab((s) => s.experiment.methods);
  const method = methods[pane] as MethodSpec;
  const setMethods = useLab((s) => s.setMethods);
  const setView = useLab((s) => s.setView);
  const described = useLab((s) => s.experiment.view.pane === pane);
  const view = useLab((s) => s.experiment.view);
  const n = useLab(selectN);
  const maskMap = useLab((s) => s.results.maskMap[pane] ?? null);
  const stats = useLab(paneHeadStats(pane));
  const loss = useLab((s) => (s.experiment.source.kind === 'model' ? s.results.losses[pane] ?? null : null));
  const staleBefore = useLab((s) => s.results.staleBefore);
  const ref = useRef<HTMLDivElement>(null);
  const shown = useShown();
  // The last map stays on screen, dimmed, until this head's new one arrives.
  const { map: current, stale } = useShownMap(pane);
  const tokens = useMapTokens(current);
  const mask = !stale && maskMap && maskMap.head === view.head && maskMap.layer === view.layer ? maskMap : null;
  const statsStale = !stats || stats.runId < staleBefore;
  useEffect(() => {
    if (!ref.current || !current) return;
    const h = renderHeatmap(ref.current, current, {
      n,
      size,
      scale: view.scale,
      gamma: view.gamma,
      label: `${METHOD_INFO[method.id].name}: attention map of ${view.layer ? `layer ${view.layer} ` : ''}head ${view.head}`,
      sinks: stats && !stale ? { exempt: stats.sinks.exempt, calibrated: stats.sinks.calibrated } : undefined,
      mask,
      onHover,
      onZoom,
      tokens,
      stale,
      testId: `pane-${pane}-canvas`,
    });
    register(pane, h);
    return () => {
      register(pane, null);
      h.destroy();
    };
  }, [current, stale, tokens, mask, n, size, view.scale, view.gamma, view.head, view.layer, stats, method.id, pane, register, onHover, onZoom]);
  const margins = heatmapMargins(tokens);

  const edit = (f: (ms: MethodSpec[]) => void) => {
    const next = methods.slice();
    f(next);
    setMethods(next);
  };
  return (
    <section className={`panel pane-card${described ? ' described' : ''}`} style={{ width: size + margins.left + margins.right + CARD_PAD }} aria-label={`Pane ${pane}: ${METHOD_INFO[method.id].name}`} data-testid={`pane-${pane}`}>
      <header className="pane-head">
        <h2>
          {pane === 0 ? 'Reference: ' : `Pane ${pane}: `}
          {METHOD_INFO[method.id].name}
        </h2>
      </header>
      <div ref={ref} className="heatmap-host" style={{ minHeight: size + margins.top + margins.bottom + 24 }}>
        {current ? null : <p className="placeholder">Computing the first map…</p>}
      </div>
      <p className={`pane-numbers${statsStale ? ' stale' : ''}`} data-testid={`pane-${pane}-numbers`} data-stale={statsStale || undefined}>
        {stats ? (
          <>
            H̄ <strong>{stats.meanEntropy.toFixed(4)}</strong> nats · sink mass {Number.isFinite(stats.meanSinkMass) ? stats.meanSinkMass.toFixed(3) : '—'}
            {stats.vsBase ? <> · JS to reference {stats.vsBase.meanJS.toFixed(4)}</> : null}
            {loss ? <> · model loss <strong data-testid={`pane-${pane}-loss`}>{loss.meanLoss.toFixed(4)}</strong></> : null}
          </>
        ) : '…'}
      </p>
      <div className="pane-foot">
      {shown('params') ? (
        <details className="pane-params">
          <summary>Parameters</summary>
          <MethodEditor pane={pane} method={method} onChange={(m) => edit((ms) => ms.splice(pane, 1, m))} />
        </details>
      ) : (
        <p className="method-note">{METHOD_INFO[method.id].explanation}</p>
      )}
          {shown('panes') && <div className="pane-tools" role="toolbar" aria-label={`Pane ${pane} tools`}>
          <button type="button" disabled={pane === 0} aria-label="Move left" title={pane === 0 ? 'Already the first pane' : 'Move this pane left'} onClick={() => edit((m) => m.splice(pane - 1, 2, m[pane] as MethodSpec, m[pane - 1] as MethodSpec))}>◀</button>
          <button type="button" disabled={pane === methods.length - 1} aria-label="Move right" title={pane === methods.length - 1 ? 'Already the last pane' : 'Move this pane right'} onClick={() => edit((m) => m.splice(pane, 2, m[pane + 1] as MethodSpec, m[pane] as MethodSpec))}>▶</button>
          <button type="button" disabled={methods.length >= MAX_PANES} aria-label="copy this pane" title={methods.length >= MAX_PANES ? `At most ${MAX_PANES} panes: remove one first` : 'Copy this pane (to vary one parameter)'} data-testid={`pane-${pane}-duplicate`} onClick={() => edit((m) => m.splice(pane + 1, 0, method))}>copy</button>
          <button type="button" disabled={methods.length <= 1} aria-label="Remove" title={methods.length <= 1 ? 'The only pane cannot be removed' : 'Remove this pane'} data-testid={`pane-${pane}-remove`} onClick={() => edit((m) => m.splice(pane, 1))}>✕</button>
          <button type="button" aria-pressed={described} title="Describe this pane in the heads grid and tables below" onClick={() => setView({ pane })} data-testid={`pane-${pane}-describe`}>describe</button>
        </div>}
      </div>
    </section>
  );
}
