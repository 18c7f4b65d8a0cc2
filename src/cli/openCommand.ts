import type { Experiment } from '../schema/experiment';
import { validateExperiment } from '../schema/validate';
import { encodeExperiment } from '../url/codec';
import type { OpenArgs } from './args';
import { runtimeError, usageError } from './errors';
import { readTextFile } from './input';
import { say, type Io } from './io';
import { RESULTS_FORMAT, type FlatRow, type Results } from './results';
import { STAT_NAMES } from './stats';

/**
 * `attention-lab open`: from a results.json, the row (input, pane, layer, head) with the highest
 * or lowest value of one statistic, as a lab link that opens that input on that head and pane.
 */

export const DEFAULT_STAT = 'maxAlphaNonInitial';

export function readResults(path: string): Results {
  if (/\.csv$/i.test(path)) throw usageError(`open reads the JSON results (run with --out results.json), not ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(readTextFile(path, 'results file'));
  } catch (e) {
    if (e instanceof Error && e.name === 'CliError') throw e;
    throw runtimeError(`${path} is not JSON`);
  }
  const r = json as Partial<Results> | null;
  if (!r || typeof r !== 'object' || r.format !== RESULTS_FORMAT) throw runtimeError(`${path} is not an attention-lab results file (no "format": "${RESULTS_FORMAT}")`);
  if (!Array.isArray(r.rows) || !Array.isArray(r.texts)) throw runtimeError(`${path} has no rows or texts`);
  const v = validateExperiment(r.experiment);
  if (!v.ok) throw runtimeError(`${path}: its experiment is not valid: ${v.issues.map((i) => i.message).join('; ')}`);
  return { ...(r as Results), experiment: v.value };
}

/** The row with the extreme defined value, first one on ties. */
export function extremeRow(rows: readonly FlatRow[], stat: string, pane: number | null, lowest: boolean): FlatRow | null {
  let best: FlatRow | null = null;
  for (const row of rows) {
    const v = row[stat];
    if (typeof v !== 'number' || (pane !== null && row.pane !== pane)) continue;
    const b = best?.[stat] as number | undefined;
    if (b === undefined || (lowest ? v < b : v > b)) best = row;
  }
  return best;
}

/** What is wrong with a row's text, pane, layer or head (whole numbers in range), or null. */
function badPlace(r: Results, row: FlatRow): string | null {
  const whole = (v: unknown, below: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v < below;
  if (!whole(row.text, r.texts.length)) return `input ${String(row.text).slice(0, 20)}`;
  if (!whole(row.pane, r.panes.length)) return `pane ${String(row.pane).slice(0, 20)}`;
  // Loose bounds here; validateExperiment checks layer and head against the source where it knows its shape.
  if (!whole(row.layer, 1024)) return `layer ${String(row.layer).slice(0, 20)}`;
  if (!whole(row.head, 1024)) return `head ${String(row.head).slice(0, 20)}`;
  return null;
}

/** The experiment of one input, opened on the given pane, layer and head. */
export function experimentAt(r: Results, row: FlatRow): Experiment {
  const exp = r.experiment;
  const input = r.texts[row.text];
  const src = exp.source.kind === 'synthetic' && typeof input?.seed === 'number'
    ? { ...exp.source, seed: input.seed }
    : exp.source.kind === 'model' && typeof input?.text === 'string' ? { ...exp.source, text: input.text } : exp.source;
  return { ...exp, source: src, view: { ...exp.view, layer: row.layer, head: row.head, pane: row.pane } };
}

export function linkFor(base: string, exp: Experiment): string {
  return `${base.replace(/#.*$/, '')}${encodeExperiment(exp)}`;
}

export async function openCommand(a: OpenArgs, io: Io): Promise<void> {
  const stat = a.stat ?? DEFAULT_STAT;
  if (!STAT_NAMES.includes(stat)) throw usageError(`--stat ${stat.slice(0, 40)} is not a statistic; one of ${STAT_NAMES.join(', ')}`);
  const r = readResults(a.results);
  if (a.pane !== null && !r.panes.some((p) => p.pane === a.pane)) throw usageError(`--pane ${a.pane}: the results have panes 0–${r.panes.length - 1}`);
  const row = extremeRow(r.rows, stat, a.pane, a.lowest);
  if (!row) throw runtimeError(`no row has a value for ${stat}${a.pane !== null ? ` on pane ${a.pane}` : ''}`);
  const bad = badPlace(r, row);
  if (bad) throw runtimeError(`${a.results}: its best row names ${bad}, which the experiment does not have (an edited or damaged results file)`);
  const exp = validateExperiment(experimentAt(r, row));
  if (!exp.ok) throw runtimeError(`${a.results}: its best row does not make a valid experiment: ${exp.issues.map((i) => i.message).join('; ')}`);
  const input = r.texts[row.text];
  const what = input?.seed !== null && input?.seed !== undefined ? `seed ${input.seed}` : `"${(input?.text ?? '').slice(0, 40)}"`;
  say(io, `${a.lowest ? 'lowest' : 'highest'} ${stat} = ${row[stat]} at input ${row.text} (${what}), pane ${row.pane} (${r.panes[row.pane]?.method}), layer ${row.layer}, head ${row.head}`);
  io.out(`${linkFor(a.base, exp.value)}\n`);
}
