import type { AdapterReport } from '../schema/chunk';
import { csvCell } from '../schema/csv';
import type { Experiment } from '../schema/experiment';
import type { MethodParams } from '../schema/methods';
import { encodeExperiment } from '../url/codec';
import { aggregate, paneSinkRates, sinkRates, summarise, type Aggregate, type PaneSinkRate, type SinkRate } from './aggregate';
import type { BatchOut, LossRow } from './batch';
import { summariseSearch, type SearchRow, type SearchSummary } from './search';
import type { Job } from './input';
import { STATS, STAT_NAMES, type Row } from './stats';

/**
 * The results file: what ran (the experiment and its link, the device, the inputs), the per-text
 * rows and their aggregates, and for a model source the model's loss per input and pane. JSON holds
 * all of it; CSV holds the rows, with the aggregates (and losses) in sibling files. Non-finite
 * numbers are written as null.
 */

export const RESULTS_FORMAT = 'attention-lab-results';
export const RESULTS_VERSION = 1;

/** A row as written: ids first, then one field per statistic. */
export type FlatRow = { text: number; pane: number; layer: number; head: number } & Record<string, number | null>;

export interface Results {
  readonly format: typeof RESULTS_FORMAT;
  readonly formatVersion: typeof RESULTS_VERSION;
  /** The experiment as a lab link hash (the first input's seed or text in place). */
  readonly link: string;
  readonly experiment: Experiment;
  readonly device: AdapterReport;
  /** The inputs, in order: `rows[].text` indexes this list. Model sources add tokens and the plain loss (nats/token). */
  readonly texts: readonly { index: number; seed: number | null; text: string | null; tokens: number | null; truncated: boolean | null; meanLoss: number | null }[];
  readonly panes: readonly { pane: number; method: string; params: MethodParams }[];
  readonly stats: readonly { name: string; unit: string; doc: string }[];
  readonly rows: readonly FlatRow[];
  readonly aggregates: readonly Aggregate[];
  readonly sinkRates: readonly SinkRate[];
  /** Per pane over every (input, layer, head): Gu et al.'s Sink₁^ε and the other rates, each with its rule and threshold. */
  readonly paneSinkRates: readonly PaneSinkRate[];
  /** Model sources: the model's mean loss per input with each pane's method inside the forward pass. */
  readonly losses: readonly LossRow[];
  /** Per pane, meanLoss and lossDelta (vs pane 0) over the inputs. */
  readonly lossAggregates: readonly (Omit<Aggregate, 'layer' | 'head'>)[];
  /** --search: ACT's per-head loss change per input, and per head over inputs (selected: mean < 0). */
  readonly search: readonly SearchRow[];
  readonly searchSummary: readonly SearchSummary[];
  /** Wall time of the whole batch, milliseconds. */
  readonly elapsedMs: number;
}

export function flatten(r: Row): FlatRow {
  return { text: r.text, pane: r.pane, layer: r.layer, head: r.head, ...r.values } as FlatRow;
}

export function unflatten(f: FlatRow): Row {
  const values: Record<string, number | null> = {};
  for (const s of STAT_NAMES) values[s] = f[s] ?? null;
  return { text: f.text, pane: f.pane, layer: f.layer, head: f.head, values };
}

/** Per pane: mean, sd, min, max over inputs of the loss and its change from pane 0. */
export function lossAggregates(losses: readonly LossRow[]): Results['lossAggregates'] {
  const panes = [...new Set(losses.map((l) => l.pane))].sort((a, b) => a - b);
  return panes.flatMap((pane) => {
    const of = losses.filter((l) => l.pane === pane);
    return (['meanLoss', 'lossDelta'] as const).map((stat) => ({ pane, stat, ...summarise(of.map((l) => l[stat])) }));
  });
}

export function buildResults(exp: Experiment, jobs: readonly Job[], batch: BatchOut, device: AdapterReport, elapsedMs: number, search: readonly SearchRow[] = []): Results {
  const rows: readonly Row[] = batch.rows;
  return {
    format: RESULTS_FORMAT,
    formatVersion: RESULTS_VERSION,
    link: encodeExperiment(jobs[0]?.experiment ?? exp),
    experiment: exp,
    device,
    texts: jobs.map((j, i) => ({ index: j.index, seed: j.seed, text: j.text, tokens: null, truncated: null, meanLoss: null, ...batch.inputs[i] })),
    panes: exp.methods.map((m, pane) => ({ pane, method: m.id, params: m.params })),
    stats: STATS.map(({ name, unit, doc }) => ({ name, unit, doc })),
    rows: rows.map(flatten),
    aggregates: aggregate(rows, STAT_NAMES),
    sinkRates: sinkRates(rows),
    paneSinkRates: paneSinkRates(rows, exp.analysis.sinks.eps, exp.analysis.sinks.tau),
    losses: batch.losses,
    lossAggregates: lossAggregates(batch.losses),
    search,
    searchSummary: summariseSearch(search),
    elapsedMs,
  };
}

export function resultsJson(r: Results): string {
  return `${JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1)}\n`;
}

/** RFC 4180 quoting where needed; texts that a spreadsheet would run as formulas neutralised. */
const cell = (v: unknown): string => csvCell(v);

const csv = (header: readonly string[], lines: readonly (readonly unknown[])[]) =>
  `${[header, ...lines].map((l) => l.map(cell).join(',')).join('\n')}\n`;

/** The per-text rows: text index, its seed or text, pane, method, layer, head, then each statistic. */
export function rowsCsv(r: Results): string {
  const label = (t: number) => {
    const x = r.texts[t];
    return x?.text ?? x?.seed ?? '';
  };
  const header = ['text', 'input', 'pane', 'method', 'layer', 'head', ...STAT_NAMES];
  return csv(header, r.rows.map((row) => [row.text, label(row.text), row.pane, r.panes[row.pane]?.method, row.layer, row.head, ...STAT_NAMES.map((s) => row[s])]));
}

export function aggregatesCsv(r: Results): string {
  const header = ['pane', 'method', 'layer', 'head', 'stat', 'n', 'mean', 'sd', 'min', 'max'];
  return csv(header, r.aggregates.map((a) => [a.pane, r.panes[a.pane]?.method, a.layer, a.head, a.stat, a.n, a.mean, a.sd, a.min, a.max]));
}

/** The model's loss per input and pane (model sources). */
export function lossesCsv(r: Results): string {
  return csv(['text', 'pane', 'method', 'meanLoss', 'lossDelta'], r.losses.map((l) => [l.text, l.pane, r.panes[l.pane]?.method, l.meanLoss, l.lossDelta]));
}

/** results.csv → results.aggregates.csv (or results.losses.csv) */
export const aggregatesPath = (csvPath: string, what: 'aggregates' | 'losses' = 'aggregates') => csvPath.replace(/\.csv$/i, `.${what}.csv`);
