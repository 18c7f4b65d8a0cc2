import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { RenderFault } from './app/RenderFault';
import { LabClient } from './client/labClient';
import { installTestHooks, testHooksRequested } from './client/testBridge';
import { connectRunner } from './state/runner';
import { createLabStore } from './state/store';
import { DEFAULT_EXPERIMENT, DEFAULT_MODEL_TEXT } from './schema/experiment';
import { encodeExperiment } from './url/codec';
import { connectUrl } from './state/urlSync';
import { LabStoreContext } from './state/useLab';
import './app/app.css';

/** Bootstrap only: the store, the worker client, URL sync, then the React tree. */
const store = createLabStore();
connectUrl(store);
const testHooks = testHooksRequested(window.location.search);
const client = new LabClient(
  undefined,
  (error) => {
    // Re-run on the fresh worker: a new source object makes the runner plan a full run.
    const exp = store.getState().experiment;
    store.getState().loadExperiment({ ...exp, source: { ...exp.source } });
    store.getState().setNotices([{ field: error.kind, message: error.message }]); // after: loading clears notices
  },
  {
    testHooks,
    onNotice: (n) => store.getState().setNotices([{ field: n.kind, message: n.message }]),
  },
);
if (testHooks) installTestHooks(window, client);

void client.init().then((r) => {
  store.getState().setGpu(
    r.ok
      ? { status: 'ready', adapter: r.adapter, error: null }
      : { status: 'error', adapter: null, error: r.error },
  );
  if (r.ok && r.notice) {
    store.getState().setNotices([{ field: 'no WebGPU', message: `${r.notice.message} Results come from the CPU engine (float64 twins), limited to small N.` }]);
  }
  if (r.ok) connectRunner(store, client);
});

// A dropped model file goes to the worker, then the 'file' model runs on it (a fresh source object re-runs).
store.subscribe((s, prev) => {
  if (!s.modelFile || s.modelFile === prev.modelFile) return;
  const { name, bytes } = s.modelFile;
  void client.setModelFile(name, bytes).then((r) => {
    if (!r.ok) {
      store.getState().refuseModelFile(name, r.error.message);
      return;
    }
    if (name.endsWith('.json')) {
      // A Llama model's config or tokenizer: its weights come next (or say the drop was incomplete).
      if (store.getState().modelReading === name) store.setState({ modelReading: null });
      return;
    }
    store.getState().acceptModelFile(name);
    const exp = store.getState().experiment;
    const text = exp.source.kind === 'model' ? exp.source.text : DEFAULT_MODEL_TEXT;
    store.getState().loadExperiment({ ...exp, source: { kind: 'model', model: 'file', text }, view: { ...exp.view, layer: 0, head: 0, zoom: null } });
  });
});

// Dropped tensor files go to the worker, which reads and checks them; the lab then runs on them,
// or shows why not and keeps the experiment it had.
store.subscribe((s, prev) => {
  if (!s.importFiles || s.importFiles === prev.importFiles) return;
  void client.setImport(s.importFiles).then(
    (r) => (r.ok ? store.getState().loadImport(r.source) : store.getState().failImport(r.error.message)),
    (e: unknown) => store.getState().failImport(e instanceof Error ? e.message : String(e)),
  );
});

const rootEl = document.getElementById('root');
if (rootEl) {
  createRoot(rootEl).render(
    <StrictMode>
      <ErrorBoundary resetHref={encodeExperiment(DEFAULT_EXPERIMENT)}>
        <LabStoreContext.Provider value={store}>
          {testHooks && <RenderFault />}
          <App />
        </LabStoreContext.Provider>
      </ErrorBoundary>
    </StrictMode>,
  );
}
