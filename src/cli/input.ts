import { existsSync, readFileSync } from 'node:fs';
import type { Experiment } from '../schema/experiment';
import { MAX_TEXT_CHARS } from '../schema/models';
import { validateExperiment, type Issue } from '../schema/validate';
import { decodeExperiment } from '../url/codec';
import { parseSeeds } from './args';
import { runtimeError, usageError } from './errors';
import { regularFile } from './fileChecks';

/**
 * What `run` works on: the experiment (from a lab link or a JSON file) and the list of inputs it
 * runs over (seeds of a synthetic source; texts of a model source), each as its own Experiment.
 */

/** Largest input file read (texts or experiment JSON), bytes. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const issuesLine = (issues: readonly Issue[]) => issues.map((i) => i.message).join('; ');

const looksLikeLink = (s: string) => s.includes('#') || /^v=\d/.test(s);

function fromLink(link: string, where: string): Experiment {
  const hash = link.includes('#') ? link.slice(link.indexOf('#')) : `#${link}`;
  const d = decodeExperiment(hash.trim());
  if (!d.ok) throw runtimeError(`${where} is not a valid lab link: ${issuesLine(d.issues)}`);
  return d.experiment;
}

export function readTextFile(path: string, what: string): string {
  regularFile(path, what, MAX_FILE_BYTES);
  return readFileSync(path, 'utf8');
}

/**
 * The experiment named on the command line: a link (`http://…/#v=1&…` or `#v=1&…` or `v=1&…`), or
 * a file holding an Experiment as JSON, `{ "link": "…" }`, a results.json (its `experiment`), or a
 * link as plain text.
 */
export function loadExperiment(arg: string): Experiment {
  if (!existsSync(arg)) {
    if (looksLikeLink(arg)) {
      const hash = arg.slice(arg.indexOf('#') + 1);
      const d = decodeExperiment(`#${arg.includes('#') ? hash : arg}`);
      if (!d.ok) throw usageError(`the link is not valid: ${issuesLine(d.issues)}`);
      return d.experiment;
    }
    throw usageError(`${arg.slice(0, 80)} is neither a file nor a lab link (#v=1&…)`);
  }
  const text = readTextFile(arg, 'experiment file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    if (looksLikeLink(text.trim())) return fromLink(text.trim(), arg);
    throw runtimeError(`${arg} is neither JSON nor a lab link`);
  }
  if (typeof json === 'string') return fromLink(json, arg);
  const o = json as Record<string, unknown> | null;
  if (o && typeof o === 'object' && typeof o.link === 'string' && o.version === undefined) return fromLink(o.link, arg);
  const candidate = o && typeof o === 'object' && o.experiment && typeof o.experiment === 'object' ? o.experiment : json;
  const v = validateExperiment(candidate);
  if (!v.ok) throw runtimeError(`${arg} does not hold a valid experiment: ${v.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  return v.value;
}

/** One input of a batch: the experiment with that seed or text in place. */
export interface Job {
  /** Position in the batch (0-based): the `text` column of the rows. */
  readonly index: number;
  readonly seed: number | null;
  readonly text: string | null;
  readonly experiment: Experiment;
}

/** Reads --texts: a JSON array of strings, or one text per non-empty line. */
export function readTexts(path: string): string[] {
  const raw = readTextFile(path, 'texts file');
  const trimmed = raw.trim();
  let texts: string[];
  if (trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (e) {
      throw runtimeError(`texts file ${path}: starts with [ but is not valid JSON (${(e as Error).message.slice(0, 80)})`);
    }
    if (!Array.isArray(json) || !json.every((t) => typeof t === 'string')) throw runtimeError(`texts file ${path}: the JSON must be an array of strings`);
    texts = json as string[];
  } else {
    texts = raw.split(/\r?\n/).filter((l) => l.trim() !== '');
  }
  if (texts.length === 0) throw runtimeError(`texts file ${path} holds no texts`);
  const empty = texts.findIndex((t) => t.length === 0);
  if (empty >= 0) throw runtimeError(`texts file ${path}: text ${empty + 1} is empty`);
  return texts;
}

/** The batch: --seeds for a synthetic source, --texts for a model source, else the experiment alone. */
export function makeJobs(exp: Experiment, seeds: string | null, texts: string | null): Job[] {
  const src = exp.source;
  if (src.kind === 'synthetic') {
    if (texts !== null) throw usageError('--texts needs a model source; this experiment is synthetic (use --seeds 1-50 for a batch of seeds)');
    const list = seeds === null ? [src.seed] : parseSeeds(seeds);
    return list.map((seed, index) => ({ index, seed, text: null, experiment: { ...exp, source: { ...src, seed } } }));
  }
  if (src.kind === 'import') throw usageError('imported tensors live in the browser tab that read them: the command line runs synthetic and model sources');
  if (seeds !== null) throw usageError('--seeds needs a synthetic source; this experiment runs a model (use --texts FILE)');
  const list = texts === null ? [src.text] : readTexts(texts);
  const long = list.findIndex((t) => t.length > MAX_TEXT_CHARS);
  if (long >= 0) throw runtimeError(`text ${long + 1} has ${list[long]?.length} characters, over the ${MAX_TEXT_CHARS} a model source takes`);
  return list.map((text, index) => ({ index, seed: null, text, experiment: { ...exp, source: { ...src, text } } }));
}
