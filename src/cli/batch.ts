import type { ModelProvider } from '../engine/modelProvider';
import { checkChunk } from '../engine/numericChecks';
import type { LossChunk, ModelChunk, StatsChunk } from '../schema/chunk';
import { LabError } from '../schema/errors';
import { sourceShape } from '../schema/experiment';
import { fullPlan, type RunPlan } from '../schema/plan';
import type { Engine } from './device';
import { runtimeError, usageError } from './errors';
import type { Job } from './input';
import type { Progress } from './progress';
import { rowOf, type Row } from './stats';

/**
 * Runs each input of a batch through the engine, one after another, and turns its chunks into
 * rows: 'stats' into per-head rows, 'model' into the input's token count and plain loss, 'loss'
 * into the model's loss per pane. The plan asks for statistics only: no thumbnails, no maps.
 */

/** What a model source says about one input (null for synthetic inputs). */
export interface InputInfo {
  readonly tokens: number | null;
  readonly truncated: boolean | null;
  /** The plain model's mean next-token loss, nats per token. */
  readonly meanLoss: number | null;
}

/** The model's mean loss with one pane's method inside the forward pass, and its change from pane 0. */
export interface LossRow {
  readonly text: number;
  readonly pane: number;
  /** nats per token */
  readonly meanLoss: number | null;
  /** meanLoss − pane 0's meanLoss on the same input, nats per token. */
  readonly lossDelta: number | null;
}

export interface BatchOut {
  readonly rows: Row[];
  readonly inputs: InputInfo[];
  readonly losses: LossRow[];
}

/** Statistics of every head, or of the given layers' heads only. */
export function statsPlan(job: Job, layers: readonly number[] | null = null): RunPlan {
  const plan: RunPlan = { ...fullPlan(job.experiment), thumbs: false, fullHead: null };
  if (layers === null) return plan;
  const shape = sourceShape(job.experiment.source);
  if (shape.layers === null || shape.heads === null) throw usageError('--layers needs a model whose shape is known before loading (not a dropped file)');
  const H = shape.heads;
  const bad = layers.find((l) => l >= (shape.layers as number));
  if (bad !== undefined) throw usageError(`--layers: layer ${bad} is outside this source (${shape.layers} layer${shape.layers === 1 ? '' : 's'})`);
  return { ...plan, heads: layers.flatMap((l) => Array.from({ length: H }, (_, h) => l * H + h)) };
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

export async function runBatch(engine: Engine, jobs: readonly Job[], progress: Progress, opts: { layers?: readonly number[] | null; models?: ModelProvider } = {}): Promise<BatchOut> {
  const out: BatchOut = { rows: [], inputs: [], losses: [] };
  const signal = new AbortController().signal;
  for (const job of jobs) {
    const stats: StatsChunk[] = [];
    let model: ModelChunk | null = null;
    const losses: LossChunk[] = [];
    const plan = statsPlan(job, opts.layers ?? null);
    try {
      await engine.run(job.experiment, plan, {
        runId: job.index,
        signal,
        ...(opts.models ? { models: opts.models } : {}),
        emit: (c) => {
          checkChunk(job.experiment, c); // overflowed numbers stop the batch with a message, never reach the files
          if (c.kind === 'stats') stats.push(c);
          else if (c.kind === 'model') model = c;
          else if (c.kind === 'loss') losses.push(c);
          else if (c.kind === 'progress') progress.update((job.index + c.done / Math.max(1, c.total)) / jobs.length, job.index + 1);
        },
      });
    } catch (e) {
      if (e instanceof LabError || (e instanceof Error && e.name !== 'CliError')) {
        throw runtimeError(`input ${job.index + 1} (${job.seed !== null ? `seed ${job.seed}` : `"${(job.text ?? '').slice(0, 30)}"`}): ${e.message.split('\n')[0]}`);
      }
      throw e;
    }
    progress.update((job.index + 1) / jobs.length, job.index + 1);
    for (const c of stats) out.rows.push(rowOf(job.index, c));
    const m = model as ModelChunk | null;
    out.inputs.push({ tokens: m?.ids.length ?? null, truncated: m?.truncated ?? null, meanLoss: m ? finite(m.meanLoss) : null });
    const base = losses.find((l) => l.pane === 0);
    for (const l of losses) {
      out.losses.push({
        text: job.index, pane: l.pane, meanLoss: finite(l.meanLoss),
        lossDelta: base ? finite(l.meanLoss - base.meanLoss) : null,
      });
    }
  }
  return out;
}
