import { useEffect, useState } from 'react';

/** The window event that makes RenderFault throw once (test hooks only). */
export const RENDER_FAULT_EVENT = 'lab-test-render-fault';

/**
 * Test hook, mounted only on `?testhooks=1` pages: throws during render once after the event,
 * as a real render bug would, so the e2e suite can check the crash screen's way back.
 */
export function RenderFault() {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    const arm = () => setArmed(true);
    window.addEventListener(RENDER_FAULT_EVENT, arm);
    return () => window.removeEventListener(RENDER_FAULT_EVENT, arm);
  }, []);
  if (armed) throw new Error('injected render error'); // unmounted by the crash screen: a fresh one is disarmed
  return null;
}
