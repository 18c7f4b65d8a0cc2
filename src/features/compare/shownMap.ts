import type { MapChunk } from '../../schema/chunk';
import { selectN } from '../../state/selectors';
import { useLab } from '../../state/useLab';

/** Whether a map is the one the view asks for: this head and layer, this zoom, this run's data. */
function isCurrent(map: MapChunk, view: { head: number; layer: number; zoom: { q0: number; q1: number; k0: number; k1: number } | null }, n: number, staleBefore: number): boolean {
  if (map.runId < staleBefore || map.head !== view.head || map.layer !== view.layer) return false;
  const z = view.zoom;
  if (!z) return map.origin.q === 0 && map.origin.k === 0 && map.extent.q === n && map.extent.k === n;
  return map.origin.q === z.q0 && map.origin.k === z.k0 && map.extent.q === z.q1 - z.q0 && map.extent.k === z.k1 - z.k0;
}

/**
 * Pane `pane`'s large map as it should be drawn: the current one, or while it computes the last
 * one (stale: drawn dimmed), so a rerun never blanks the screen or moves the layout.
 */
export function useShownMap(pane: number): { map: MapChunk | null; stale: boolean } {
  const map = useLab((s) => s.results.full[pane] ?? null);
  const stale = useLab((s) => {
    const m = s.results.full[pane];
    return m ? !isCurrent(m, s.experiment.view, selectN(s), s.results.staleBefore) : false;
  });
  return { map, stale };
}

/** A model's token pieces when they cover the map (its axes then show tokens), else undefined. */
export function useMapTokens(map: { origin: { k: number; q: number }; extent: { k: number; q: number } } | null): readonly string[] | undefined {
  const pieces = useLab((s) => (s.experiment.source.kind === 'model' ? s.results.model?.pieces : undefined));
  if (!pieces || !map) return undefined;
  return pieces.length >= Math.max(map.origin.k + map.extent.k, map.origin.q + map.extent.q) ? pieces : undefined;
}
