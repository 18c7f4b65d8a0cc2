import { useRef, type ReactNode } from 'react';
import { ExportPanel } from '../features/export/ExportPanel';
import { LessonLinkPanel } from '../features/classroom/LessonLinkPanel';
import { SummaryTable } from '../features/compare/SummaryTable';
import { EntropyPanel } from '../features/entropy/EntropyPanel';
import { HeadGrid } from '../features/heads/HeadGrid';
import { HeadTable } from '../features/heads/HeadTable';
import { MaskPanel } from '../features/mask/MaskPanel';
import { MethodPanels } from '../features/methods/MethodPanels';
import { FamilyPanel } from '../features/model/FamilyPanel';
import { ModelPanel } from '../features/model/ModelPanel';
import { PerfPanel } from '../features/perf/PerfPanel';
import { SinksPanel } from '../features/sinks/SinksPanel';
import { useLab } from '../state/useLab';

interface TabDef {
  readonly id: string;
  readonly label: string;
  readonly body: ReactNode;
}

/**
 * The details under the comparison, one click away: every panel stays mounted (its charts and
 * numbers keep up with the run, exports can reach them), only the chosen one is shown.
 */
export function LabTabs() {
  const tab = useLab((s) => s.tab);
  const setTab = useLab((s) => s.setTab);
  const isModel = useLab((s) => s.experiment.source.kind === 'model');
  const masked = useLab((s) => s.experiment.analysis.mask.kind !== 'none');
  const present = useLab((s) => s.experiment.view.present);
  const methodIds = useLab((s) => s.experiment.methods.map((m) => m.id).join(','));
  const methodTab = ['act', 'temperature', 'sigma'].filter((id) => methodIds.split(',').includes(id));
  const tabs: TabDef[] = [
    { id: 'heads', label: 'Heads', body: <HeadGrid /> },
    { id: 'table', label: 'Per-head table', body: <HeadTable /> },
    { id: 'summary', label: 'Summary', body: <SummaryTable /> },
    ...(isModel ? [{ id: 'model', label: 'Model output', body: <div className="tab-split"><ModelPanel /><FamilyPanel /></div> }] : []),
    {
      id: 'methods',
      label: methodTab.length ? `Method details (${methodTab.map((m) => (m === 'act' ? 'ACT' : m === 'sigma' ? 'σReparam' : 'temperature')).join(', ')})` : 'Method details',
      body: methodTab.length ? <div className="tab-split"><MethodPanels /></div> : <p className="placeholder">Add an ACT, selective-temperature or σReparam pane to see how it changes this head.</p>,
    },
    { id: 'sinks', label: 'Sinks', body: <SinksPanel /> },
    { id: 'entropy', label: masked ? 'Entropy & mask' : 'Entropy', body: <div className="tab-split"><EntropyPanel /><MaskPanel /></div> },
    ...(present ? [] : [
      { id: 'perf', label: 'Performance', body: <PerfPanel /> },
      { id: 'export', label: 'Export', body: <ExportPanel /> },
      { id: 'share', label: 'Lesson link', body: <LessonLinkPanel /> },
    ]),
  ];
  const active = tabs.some((t) => t.id === tab) ? tab : 'heads';
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const onKey = (e: React.KeyboardEvent, i: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    e.stopPropagation();
    const next = tabs[(i + step + tabs.length) % tabs.length] as TabDef;
    setTab(next.id);
    refs.current.get(next.id)?.focus();
  };
  return (
    <section className="lab-tabs" aria-label="Details">
      <div className="tab-bar" role="tablist" aria-label="Details">
        {tabs.map((t, i) => (
          <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-controls={`tabpanel-${t.id}`}
            aria-selected={t.id === active} tabIndex={t.id === active ? 0 : -1} data-testid={`tab-${t.id}`}
            ref={(el) => { if (el) refs.current.set(t.id, el); else refs.current.delete(t.id); }}
            onClick={() => setTab(t.id)} onKeyDown={(e) => onKey(e, i)}>
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <div key={t.id} role="tabpanel" id={`tabpanel-${t.id}`} aria-labelledby={`tab-${t.id}`} hidden={t.id !== active}
          className="tab-panel" data-testid={`tabpanel-${t.id}`}>
          {t.body}
        </div>
      ))}
    </section>
  );
}
