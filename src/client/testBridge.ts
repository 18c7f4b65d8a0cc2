import type { LabClient, TestFault } from './labClient';

/** What e2e specs call as `window.__labTest` on a page loaded with `?testhooks=1`. */
export interface LabTestHooks {
  fault(f: TestFault): Promise<void>;
  /** worker.terminate() with no 'error' event: only the heartbeat can notice. */
  terminateWorker(): void;
}

/** True when the page asked for test hooks (`?testhooks=1`); never set by a shared link's hash. */
export function testHooksRequested(search: string): boolean {
  return new URLSearchParams(search).get('testhooks') === '1';
}

/** Exposes the fault hooks to page script (and so to Playwright), and nothing else. */
export function installTestHooks(win: Window, client: LabClient): void {
  const hooks: LabTestHooks = {
    fault: (f) => client.fault(f),
    terminateWorker: () => client.terminateSilently(),
  };
  Object.defineProperty(win, '__labTest', { value: Object.freeze(hooks) });
}
