import { decodeExperiment, encodeExperiment } from '../url/codec';
import type { LabStore } from './store';

/**
 * Keeps the URL hash and the experiment in step: the hash follows every change (replaceState,
 * so the back button is not flooded), and a hash edited or pasted by the user is decoded,
 * validated and loaded; a bad one leaves the last good experiment and shows why.
 */
export function connectUrl(store: LabStore, win: Window = window): () => void {
  const readHash = () => {
    const decoded = decodeExperiment(win.location.hash);
    if (decoded.ok) {
      if (encodeExperiment(decoded.experiment) !== encodeExperiment(store.getState().experiment)) {
        store.getState().loadExperiment(decoded.experiment);
      }
      store.getState().setNotices(decoded.warnings);
    } else {
      store.getState().setNotices(decoded.issues);
    }
  };
  const writeHash = () => {
    const hash = encodeExperiment(store.getState().experiment);
    if (win.location.hash !== hash) win.history.replaceState(null, '', hash);
  };

  readHash();
  if (store.getState().notices.length === 0) writeHash();
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.experiment !== prev.experiment) writeHash();
  });
  win.addEventListener('hashchange', readHash);
  return () => {
    unsubscribe();
    win.removeEventListener('hashchange', readHash);
  };
}
