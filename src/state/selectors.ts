import type { MapChunk, StatsChunk } from '../schema/chunk';
import type { LabState } from './store';

const NONE: readonly (StatsChunk | undefined)[] = [];
const NO_MAPS: readonly (MapChunk | undefined)[] = [];

/** Statistics of every head for the pane the side panels describe (view.pane). */
export const selectPaneStats = (s: LabState) => s.results.stats[s.experiment.view.pane] ?? NONE;

/** Thumbnails of every head for the selected pane. */
export const selectPaneThumbs = (s: LabState) => s.results.thumbs[s.experiment.view.pane] ?? NO_MAPS;

/** The selected pane's statistics of the selected head. */
export const selectHeadStats = (s: LabState) => selectPaneStats(s)[s.experiment.view.head];

/** Pane `pane`'s statistics of the selected head. */
export const paneHeadStats = (pane: number) => (s: LabState) => s.results.stats[pane]?.[s.experiment.view.head];
