import type { StatsChunk } from '../schema/chunk';
import { LabError } from '../schema/errors';
import { fullPlan, type RunPlan } from '../schema/plan';
import type { Engine } from './device';
import { runtimeError } from './errors';
import type { Job } from './input';
import type { Progress } from './progress';
import { rowOf, type Row } from './stats';

/**
 * Runs each input of a batch through the engine, one after another, and turns its 'stats' chunks
 * into rows. The plan asks for statistics only: no thumbnails, no large map, no sweep.
 */

export function statsPlan(job: Job): RunPlan {
  return { ...fullPlan(job.experiment), thumbs: false, fullHead: null };
}

/** Pane-heads one input takes: the progress chunks the engine sends for it. */
export const workOf = (job: Job) => job.experiment.source.heads * job.experiment.methods.length;

export async function runBatch(engine: Engine, jobs: readonly Job[], progress: Progress): Promise<Row[]> {
  const rows: Row[] = [];
  const signal = new AbortController().signal;
  let before = 0;
  for (const job of jobs) {
    const stats: StatsChunk[] = [];
    try {
      await engine.run(job.experiment, statsPlan(job), {
        runId: job.index,
        signal,
        emit: (c) => {
          if (c.kind === 'stats') stats.push(c);
          else if (c.kind === 'progress') progress.update(before + c.done, job.index + 1);
        },
      });
    } catch (e) {
      if (e instanceof LabError || (e instanceof Error && e.name !== 'CliError')) {
        throw runtimeError(`input ${job.index + 1} (${job.seed !== null ? `seed ${job.seed}` : 'text'}): ${e.message.split('\n')[0]}`);
      }
      throw e;
    }
    before += workOf(job);
    for (const c of stats) rows.push(rowOf(job.index, c));
  }
  return rows;
}
