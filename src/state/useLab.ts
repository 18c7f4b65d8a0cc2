import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabState, LabStore } from './store';

export const LabStoreContext = createContext<LabStore | null>(null);

/** Selects from the lab store; keep selectors narrow so panels re-render only for their data. */
export function useLab<T>(selector: (s: LabState) => T): T {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('useLab outside <LabStoreContext.Provider>');
  return useStore(store, selector);
}

/** The store itself, for event handlers that read the latest state without subscribing. */
export function useLabStore(): LabStore {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('useLabStore outside <LabStoreContext.Provider>');
  return store;
}
