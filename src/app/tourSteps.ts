import type { LabState } from '../state/store';

/**
 * The guided tour: from "what is an attention map" to the three methods. A step either waits for
 * the learner to do something (`done` becomes true, then it moves on by itself) or is read and
 * left with Space / → / Next.
 */
export interface TourStep {
  readonly title: string;
  readonly text: string;
  /** CSS selector of the element to highlight. */
  readonly target: string;
  /** When present, the step waits until this holds (checked on every store change). */
  readonly done?: (s: LabState, start: LabState) => boolean;
  /** What the learner should do, shown while waiting. */
  readonly action?: string;
  /** The details tab the target lives in (app/LabTabs.tsx), opened when the step starts. */
  readonly tab?: string;
}

/** The first ACT pane's map is on screen from a finished run (not only asked for). */
function actShown(s: LabState): boolean {
  const k = s.experiment.methods.findIndex((m) => m.id === 'act');
  const map = k >= 0 ? s.results.full[k] : null;
  return !!map && s.results.status === 'done' && map.runId >= s.results.staleBefore;
}

export const TOUR_STEPS: readonly TourStep[] = [
  {
    title: 'An attention map',
    text: 'Each row is a query token, each column a key it can look at. Row i spreads 100% of its attention over keys 0…i; brighter means more. The grey triangle is the future, which a causal model cannot see.',
    target: '[data-testid=pane-0]',
  },
  {
    title: 'Read a cell',
    text: 'Point at any cell: the read-out under the map gives the query, the key and the probability. Every map on the page points at the same cell.',
    target: '[data-testid=pane-0-canvas]',
  },
  {
    title: 'Heads differ',
    text: 'A layer has several heads, each with its own map. The number under each is its mean entropy: low = focused, high = spread out.',
    target: '.panel-heads',
    tab: 'heads',
    action: 'Click head 1.',
    done: (s) => s.experiment.view.head === 1,
  },
  {
    title: 'Attention sinks',
    text: 'A bright column is a sink: a key that most queries attend to whatever the text says. The bars show α_j, the mean attention key j receives; the dashed line is what uniform attention would give.',
    target: '[data-testid=alpha-bars]',
    tab: 'sinks',
  },
  {
    title: 'A threshold for sinks',
    text: 'ACT calls a key a sink when α_j > τ. Lower τ and watch more keys become sinks.',
    target: '[data-testid=tau]',
    action: 'Move the τ slider.',
    done: (s, start) => s.experiment.analysis.sinks.tau !== start.experiment.analysis.sinks.tau,
  },
  {
    title: 'Change attention: ACT',
    text: 'Methods change attention; panes compare them side by side on the same input. ACT scales the hidden sinks by β and gives their mass back to the other keys.',
    target: '[data-testid=add-pane]',
    action: 'Choose “ACT — attention calibration” and press Add (or keep the ACT pane if it is there); its map appears when computed.',
    done: actShown,
  },
  {
    title: 'Where the mass moved',
    text: 'The difference pane subtracts two maps: purple where the method took attention away, orange where it put it.',
    target: '[data-testid=diff-card]',
  },
  {
    title: 'Temperature and σReparam',
    text: 'Selective temperature keeps long-context queries sharp; σReparam stops entropy collapsing when weights grow. Open the Lessons on the left to see each one at work — and copy the link to share exactly what you see.',
    target: '.presets',
  },
];
