import { useEffect, useRef } from 'react';

/**
 * Mounts a D3 renderer into a div: `render(el)` returns its cleanup, and runs again when `deps`
 * change. D3 owns the node; React only holds it (STYLE.md habit 12).
 */
export function useChart(render: ((el: HTMLDivElement) => () => void) | null, deps: readonly unknown[]) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current || !render) return;
    return render(ref.current);
  }, deps);
  return ref;
}
