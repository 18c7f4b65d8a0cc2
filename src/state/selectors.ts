import type { MapChunk, StatsChunk } from '../schema/chunk';
import { knownSeqLen } from '../schema/experiment';
import { headsPerLayer, layersOf, type LabState } from './store';

const NONE: readonly (StatsChunk | undefined)[] = [];
const NO_MAPS: readonly (MapChunk | undefined)[] = [];

/** Heads per layer H (a model's, once its first run says, else its catalog entry's). */
export const selectHeads = (s: LabState) => headsPerLayer(s.experiment, s.results.model);

/** Layers L (1 for the synthetic source). */
export const selectLayers = (s: LabState) => layersOf(s.experiment, s.results.model);

/** Sequence length N on screen: the model's token count once known, else what the source says. */
export const selectN = (s: LabState) => s.results.model?.ids.length ?? knownSeqLen(s.experiment.source) ?? 1;

/** Unit index layer · H + head of the selected head (results are indexed by it). */
export const selectUnit = (s: LabState) => s.experiment.view.layer * selectHeads(s) + s.experiment.view.head;

/** Statistics of every head (all layers, by unit) for the pane the side panels describe (view.pane). */
export const selectPaneStats = (s: LabState) => s.results.stats[s.experiment.view.pane] ?? NONE;

/** Thumbnails of every head (by unit) for the selected pane. */
export const selectPaneThumbs = (s: LabState) => s.results.thumbs[s.experiment.view.pane] ?? NO_MAPS;

/** The selected pane's statistics of the selected head. */
export const selectHeadStats = (s: LabState) => selectPaneStats(s)[selectUnit(s)];

/** Pane `pane`'s statistics of the selected head. */
export const paneHeadStats = (pane: number) => (s: LabState) => s.results.stats[pane]?.[selectUnit(s)];
