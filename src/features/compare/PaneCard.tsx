import { useEffect, useRef } from 'react';
import { METHOD_INFO } from '../../methods/catalog';
import { MAX_PANES, type MethodSpec } from '../../schema/methods';
import { paneHeadStats, selectN } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { renderHeatmap, type Cell, type HeatmapHandle, type ZoomRequest } from '../../views/heatmap';
import { useShown } from '../useShown';
import { MethodEditor } from './MethodEditor';

/** Card width beyond the map: axis and legend margins (views/heatmap.ts) plus padding and border. */
export const CARD_EXTRA = 52 + 104 + 26;

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
  const full = useLab((s) => s.results.full[pane] ?? null);
  const maskMap = useLab((s) => s.results.maskMap[pane] ?? null);
  const stats = useLab(paneHeadStats(pane));
  const ref = useRef<HTMLDivElement>(null);
  const shown = useShown();

  const current = full && full.head === view.head && full.layer === view.layer ? full : null;
  const mask = maskMap && maskMap.head === view.head && maskMap.layer === view.layer ? maskMap : null;
  useEffect(() => {
    if (!ref.current || !current) return;
    const h = renderHeatmap(ref.current, current, {
      n,
      size,
      scale: view.scale,
      gamma: view.gamma,
      label: `${METHOD_INFO[method.id].name}: attention map of head ${view.head}`,
      sinks: stats ? { exempt: stats.sinks.exempt, calibrated: stats.sinks.calibrated } : undefined,
      mask,
      onHover,
      onZoom,
      testId: `pane-${pane}-canvas`,
    });
    register(pane, h);
    return () => {
      register(pane, null);
      h.destroy();
    };
  }, [current, mask, n, size, view.scale, view.gamma, view.head, stats, method.id, pane, register, onHover, onZoom]);

  const edit = (f: (ms: MethodSpec[]) => void) => {
    const next = methods.slice();
    f(next);
    setMethods(next);
  };
  return (
    <section className={`panel pane-card${described ? ' described' : ''}`} style={{ width: size + CARD_EXTRA }} aria-label={`Pane ${pane}: ${METHOD_INFO[method.id].name}`} data-testid={`pane-${pane}`}>
      <header className="pane-head">
        <h2>
          {pane === 0 ? 'Reference · ' : `Pane ${pane} · `}
          {METHOD_INFO[method.id].name}
        </h2>
        {shown('panes') && <div className="pane-tools" role="toolbar" aria-label={`Pane ${pane} tools`}>
          <button type="button" disabled={pane === 0} aria-label="Move left" onClick={() => edit((m) => m.splice(pane - 1, 2, m[pane] as MethodSpec, m[pane - 1] as MethodSpec))}>◀</button>
          <button type="button" disabled={pane === methods.length - 1} aria-label="Move right" onClick={() => edit((m) => m.splice(pane, 2, m[pane + 1] as MethodSpec, m[pane] as MethodSpec))}>▶</button>
          <button type="button" disabled={methods.length >= MAX_PANES} aria-label="copy this pane" data-testid={`pane-${pane}-duplicate`} onClick={() => edit((m) => m.splice(pane + 1, 0, method))}>copy</button>
          <button type="button" disabled={methods.length <= 1} aria-label="Remove" data-testid={`pane-${pane}-remove`} onClick={() => edit((m) => m.splice(pane, 1))}>✕</button>
          <button type="button" aria-pressed={described} onClick={() => setView({ pane })} data-testid={`pane-${pane}-describe`}>details</button>
        </div>}
      </header>
      <div ref={ref} className="heatmap-host" style={{ minHeight: size + 66 }}>
        {current ? null : <p className="placeholder">Computing…</p>}
      </div>
      <p className="pane-numbers" data-testid={`pane-${pane}-numbers`}>
        {stats ? (
          <>
            H̄ <strong>{stats.meanEntropy.toFixed(4)}</strong> nats · sink mass {Number.isFinite(stats.meanSinkMass) ? stats.meanSinkMass.toFixed(3) : '—'}
            {stats.vsBase ? <> · JS to reference {stats.vsBase.meanJS.toFixed(4)}</> : null}
          </>
        ) : '…'}
      </p>
      {shown('params') ? (
        <details className="pane-params">
          <summary>Parameters and explanation</summary>
          <MethodEditor pane={pane} method={method} onChange={(m) => edit((ms) => ms.splice(pane, 1, m))} />
        </details>
      ) : (
        <p className="method-note">{METHOD_INFO[method.id].explanation}</p>
      )}
    </section>
  );
}
