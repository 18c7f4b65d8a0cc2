import { MaskForm } from '../features/analysis/MaskForm';
import { SinkForm } from '../features/analysis/SinkForm';
import { ViewForm } from '../features/analysis/ViewForm';
import { CompareView } from '../features/compare/CompareView';
import { SummaryTable } from '../features/compare/SummaryTable';
import { EntropyPanel } from '../features/entropy/EntropyPanel';
import { HeadGrid } from '../features/heads/HeadGrid';
import { HeadTable } from '../features/heads/HeadTable';
import { MaskPanel } from '../features/mask/MaskPanel';
import { MethodPanels } from '../features/methods/MethodPanels';
import { SinksPanel } from '../features/sinks/SinksPanel';
import { SourceForm } from '../features/source/SourceForm';
import { Notices } from '../features/status/Notices';
import { StatusBar } from '../features/status/StatusBar';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          Attention Lab <span className="tagline">see, change and compare how transformer attention behaves</span>
        </h1>
        <StatusBar />
      </header>
      <Notices />
      <main className="app-main">
        <aside className="sidebar">
          <SourceForm />
          <SinkForm />
          <MaskForm />
          <ViewForm />
        </aside>
        <div className="content">
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
