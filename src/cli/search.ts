import type { ModelProvider } from '../engine/modelProvider';
import type { SearchChunk } from '../schema/chunk';
import { LabError } from '../schema/errors';
import { searchPlan } from '../schema/plan';
import { summarise } from './aggregate';
import type { Engine } from './device';
import { runtimeError, usageError } from './errors';
import type { Job } from './input';

/**
 * ACT's head search over a batch (Yu et al., §4; src/engine/headSearch.ts): on each input and ACT
 * pane, the model's loss change when ACT calibrates one head alone. Across inputs, a head is
 * selected when calibrating it lowers the loss on average (mean lossDelta < 0).
 */

/** One head's loss change on one input, nats/token (negative: calibrating it helps). */
export interface SearchRow {
  readonly text: number;
  readonly pane: number;
  readonly layer: number;
  readonly head: number;
  readonly lossDelta: number | null;
}

export interface SearchSummary {
  readonly pane: number;
  readonly layer: number;
  readonly head: number;
  readonly n: number;
  readonly mean: number | null;
  readonly sd: number | null;
  /** Share of inputs on which calibrating this head lowered the loss. */
  readonly helpedShare: number;
  /** Mean lossDelta < 0: ACT's search keeps this head. */
  readonly selected: boolean;
}

export function actPanes(job: Job): number[] {
  const panes = job.experiment.methods.flatMap((m, i) => (m.id === 'act' ? [i] : []));
  if (job.experiment.source.kind !== 'model') throw usageError('--search needs a model source (it measures the model\'s loss)');
  if (panes.length === 0) throw usageError('--search needs an ACT pane (p1=act)');
  return panes;
}

export async function runSearch(engine: Engine, jobs: readonly Job[], units: readonly number[] | undefined, models: ModelProvider, onStep: (text: number) => void): Promise<SearchRow[]> {
  const rows: SearchRow[] = [];
  for (const job of jobs) {
    for (const pane of actPanes(job)) {
      let last: SearchChunk | null = null;
      try {
        await engine.run(job.experiment, searchPlan(pane, units, 'text'), {
          runId: job.index, signal: new AbortController().signal, models,
          emit: (c) => {
            if (c.kind === 'search') last = c;
          },
        });
      } catch (e) {
        if (e instanceof LabError || (e instanceof Error && e.name !== 'CliError')) throw runtimeError(`head search on input ${job.index + 1}: ${e.message.split('\n')[0]}`);
        throw e;
      }
      const s = last as SearchChunk | null;
      if (!s) continue;
      s.delta.forEach((d, u) => {
        if (units && !units.includes(u)) return;
        rows.push({ text: job.index, pane, layer: Math.floor(u / s.heads), head: u % s.heads, lossDelta: Number.isFinite(d) ? d : null });
      });
    }
    onStep(job.index + 1);
  }
  return rows;
}

export function summariseSearch(rows: readonly SearchRow[]): SearchSummary[] {
  const keys = [...new Set(rows.map((r) => `${r.pane}/${r.layer}/${r.head}`))];
  return keys.map((k) => {
    const [pane, layer, head] = k.split('/').map(Number) as [number, number, number];
    const of = rows.filter((r) => r.pane === pane && r.layer === layer && r.head === head);
    const s = summarise(of.map((r) => r.lossDelta));
    return {
      pane, layer, head, n: s.n, mean: s.mean, sd: s.sd,
      helpedShare: of.filter((r) => r.lossDelta !== null && r.lossDelta < 0).length / of.length,
      selected: s.mean !== null && s.mean < 0,
    };
  });
}
