import { MaskForm } from '../features/analysis/MaskForm';
import { SinkForm } from '../features/analysis/SinkForm';
import { ViewForm } from '../features/analysis/ViewForm';
import { CopyLink } from '../features/classroom/CopyLink';
import { PresetsPanel } from '../features/classroom/PresetsPanel';
import { CompareView } from '../features/compare/CompareView';
import { SourceForm } from '../features/source/SourceForm';
import { Notices } from '../features/status/Notices';
import { StatusBar } from '../features/status/StatusBar';
import { useShown } from '../features/useShown';
import { useLab } from '../state/useLab';
import { LabTabs } from './LabTabs';
import { Tour, TourButton } from './Tour';

/**
 * The shell: a control rail on the left (lessons, input, detectors, display), the comparison
 * first and large, and the details one click away in tabs under it. On a phone the rail follows
 * the comparison and the panes stack.
 */
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
          {shown('tour') && !present && <TourButton />}
          {!present && <CopyLink />}
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
          <aside className="sidebar rail" aria-label="Controls">
            <PresetsPanel />
            <SourceForm />
            {shown('sinks') && <SinkForm />}
            {shown('mask') && <MaskForm />}
            {shown('display') && <ViewForm />}
          </aside>
        ) : null}
        <div className="content">
          <CompareView />
          <LabTabs />
        </div>
      </main>
      {!present && (
        <footer className="app-footer">
          The link in the address bar holds the whole experiment: copy it to share exactly this view.
          Kernels run in WebGPU in a worker; <a href="./selftest.html">check them against the float64 reference</a>.
        </footer>
      )}
    </div>
  );
}
