import { MaskForm } from '../features/analysis/MaskForm';
import { CopyLink } from '../features/classroom/CopyLink';
import { LessonLinkPanel } from '../features/classroom/LessonLinkPanel';
import { PresetsPanel } from '../features/classroom/PresetsPanel';
import { ExportPanel } from '../features/export/ExportPanel';
import { useShown } from '../features/useShown';
import { useLab } from '../state/useLab';
import { Tour, TourButton } from './Tour';
import { SinkForm } from '../features/analysis/SinkForm';
import { ViewForm } from '../features/analysis/ViewForm';
import { CompareView } from '../features/compare/CompareView';
import { SummaryTable } from '../features/compare/SummaryTable';
import { EntropyPanel } from '../features/entropy/EntropyPanel';
import { HeadGrid } from '../features/heads/HeadGrid';
import { HeadTable } from '../features/heads/HeadTable';
import { MaskPanel } from '../features/mask/MaskPanel';
import { MethodPanels } from '../features/methods/MethodPanels';
import { PerfPanel } from '../features/perf/PerfPanel';
import { SinksPanel } from '../features/sinks/SinksPanel';
import { SourceForm } from '../features/source/SourceForm';
import { FamilyPanel } from '../features/model/FamilyPanel';
import { ModelPanel } from '../features/model/ModelPanel';
import { Notices } from '../features/status/Notices';
import { StatusBar } from '../features/status/StatusBar';

export function App() {
  const shown = useShown();
  const present = useLab((s) => s.experiment.view.present);
  const setView = useLab((s) => s.setView);
  return (
    <div className={present ? 'app present' : 'app'}>
      <header className="app-header">
        <h1>
          Attention Lab <span className="tagline">see, change and compare how transformer attention behaves</span>
        </h1>
        <div className="header-tools">
          {shown('tour') && <TourButton />}
          <CopyLink />
          <button type="button" data-testid="present-toggle" onClick={() => setView({ present: !present })}>
            {present ? 'Exit presentation' : 'Present'}
          </button>
          <StatusBar />
        </div>
      </header>
      <Notices />
      <Tour />
      <main className="app-main">
        {shown('sidebar') && !present ? (
          <aside className="sidebar" aria-label="Controls">
            <PresetsPanel />
            <SourceForm />
            {shown('sinks') && <SinkForm />}
            {shown('mask') && <MaskForm />}
            {shown('display') && <ViewForm />}
          </aside>
        ) : null}
        <div className="content">
          <ModelPanel />
          <CompareView />
          <SummaryTable />
          <div className="columns">
            <div className="column">
              <MethodPanels />
              <SinksPanel />
              <EntropyPanel />
              <MaskPanel />
            </div>
            <div className="column column-side">
              <HeadGrid />
              <HeadTable />
              <FamilyPanel />
              {!present && <PerfPanel />}
              {!present && <ExportPanel />}
              {!present && <LessonLinkPanel />}
            </div>
          </div>
        </div>
      </main>
      <footer className="app-footer">
        The link in the address bar holds the whole experiment: copy it to share exactly this view.
        Kernels run in WebGPU in a worker; <a href="./selftest.html">check them against the float64 reference</a>.
      </footer>
    </div>
  );
}
