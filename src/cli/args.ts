import { usageError } from './errors';

/**
 * Parses the command line into a typed command, so everything after it can trust its input.
 * Options take `--name value` or `--name=value`; anything unknown is a usage error (exit 2).
 */

export const DEVICES = ['auto', 'gpu', 'cpu'] as const;
export type DeviceChoice = (typeof DEVICES)[number];

export interface RunArgs {
  readonly kind: 'run';
  /** A lab link (URL or bare `#v=1&…` hash) or a JSON file holding an Experiment or a link. */
  readonly experiment: string;
  /** One text per line, or a JSON array of strings; model sources only. */
  readonly texts: string | null;
  /** Seed list such as "1-50" or "3,7,9-12"; synthetic sources only. */
  readonly seeds: string | null;
  /** Only these layers' heads (a list like "2" or "0-1,5"); null: every layer. */
  readonly layers: string | null;
  /** A local model.safetensors for hub models and dropped files (the CLI downloads nothing). */
  readonly modelFile: string | null;
  /** results.json or results.csv; null: JSON on stdout. */
  readonly out: string | null;
  readonly device: DeviceChoice;
  readonly quiet: boolean;
  readonly debug: boolean;
  /** Also run ACT's head search (model sources with an ACT pane). */
  readonly search: boolean;
}

export interface OpenArgs {
  readonly kind: 'open';
  readonly results: string;
  /** Statistic to rank by (a row column); null: the default. */
  readonly stat: string | null;
  /** Only this pane, or null for all panes. */
  readonly pane: number | null;
  /** Pick the lowest value instead of the highest. */
  readonly lowest: boolean;
  readonly base: string;
  readonly debug: boolean;
}

/** `help` prints the usage on stdout (exit 0); `usage` on stderr (no command given: exit 2). */
export type Command = RunArgs | OpenArgs | { readonly kind: 'help' } | { readonly kind: 'usage' };

export const DEFAULT_BASE = 'http://localhost:4173/';

export const USAGE = `attention-lab: batch attention experiments from the command line

usage:
  attention-lab run <experiment link | JSON file> [--texts FILE] [--seeds LIST]
                    [--out results.json|results.csv] [--device auto|gpu|cpu] [--quiet]
                    [--layers LIST] [--model-file model.safetensors] [--search]
  attention-lab open <results.json> [--stat NAME] [--pane K] [--lowest] [--base URL]

run    runs every pane of the experiment on each text (model source: --texts, one per line or a
       JSON array) or each seed (synthetic source: --seeds 1-50) and writes per-text, per-layer,
       per-head, per-pane statistics and their aggregates (JSON on stdout without --out; with
       results.csv the aggregates go to results.aggregates.csv). Progress goes to stderr.
       Model sources also get the model's loss per pane; --layers 0-1 keeps those layers' heads;
       shipped models are read from public/models, hub models need --model-file. --search adds
       ACT's head search: per head, the loss change when ACT calibrates that head alone.
open   prints a lab link opening the text, pane, layer and head with the highest (--lowest: the
       lowest) value of a statistic (default maxAlphaNonInitial).
--device auto: a GPU adapter, else SwiftShader through Dawn, else the CPU twin engine.
exit codes: 0 ok, 1 a file or the run failed, 2 the command line is wrong. --debug shows stacks.`;

type Flags = Map<string, string | true>;

const VALUE_FLAGS: Record<'run' | 'open', readonly string[]> = {
  run: ['texts', 'seeds', 'out', 'device', 'layers', 'model-file'],
  open: ['stat', 'pane', 'base'],
};
const BOOL_FLAGS: Record<'run' | 'open', readonly string[]> = {
  run: ['quiet', 'debug', 'search'],
  open: ['lowest', 'debug'],
};

function split(cmd: 'run' | 'open', argv: readonly string[]): { positional: string[]; flags: Flags } {
  const positional: string[] = [];
  const flags: Flags = new Map();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (flags.has(name)) throw usageError(`--${name} is given twice`);
    if (BOOL_FLAGS[cmd].includes(name)) {
      if (eq >= 0) throw usageError(`--${name} takes no value`);
      flags.set(name, true);
    } else if (VALUE_FLAGS[cmd].includes(name)) {
      const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '' || (eq < 0 && v.startsWith('--'))) throw usageError(`--${name} needs a value`);
      flags.set(name, v);
    } else {
      throw usageError(`${cmd} has no option --${name.slice(0, 40)}`);
    }
  }
  return { positional, flags };
}

const str = (f: Flags, k: string) => {
  const v = f.get(k);
  return typeof v === 'string' ? v : null;
};

function onePositional(cmd: string, what: string, positional: string[]): string {
  if (positional.length === 0) throw usageError(`${cmd} needs ${what}`);
  if (positional.length > 1) throw usageError(`${cmd} takes one ${what.replace(/^an? /, '')}, got ${positional.length} (quote a link: it contains &)`);
  return positional[0] as string;
}

export function parseArgs(argv: readonly string[]): Command {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) return { kind: 'usage' };
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') return { kind: 'help' };
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help' };
  if (cmd === 'run') {
    const { positional, flags } = split('run', rest);
    const device = str(flags, 'device') ?? 'auto';
    if (!(DEVICES as readonly string[]).includes(device)) throw usageError(`--device ${device.slice(0, 40)} is not one of ${DEVICES.join(', ')}`);
    const out = str(flags, 'out');
    if (out !== null && !/\.(json|csv)$/i.test(out)) throw usageError(`--out ${out.slice(0, 80)} must end in .json or .csv`);
    if (flags.has('texts') && flags.has('seeds')) throw usageError('give --texts (model source) or --seeds (synthetic source), not both');
    return {
      kind: 'run',
      experiment: onePositional('run', 'an experiment link or JSON file', positional),
      texts: str(flags, 'texts'),
      seeds: str(flags, 'seeds'),
      layers: str(flags, 'layers'),
      modelFile: str(flags, 'model-file'),
      out,
      device: device as DeviceChoice,
      quiet: flags.has('quiet'),
      debug: flags.has('debug'),
      search: flags.has('search'),
    };
  }
  if (cmd === 'open') {
    const { positional, flags } = split('open', rest);
    const paneRaw = str(flags, 'pane');
    if (paneRaw !== null && !/^\d$/.test(paneRaw)) throw usageError(`--pane ${paneRaw.slice(0, 40)} is not a pane index (0–3)`);
    const base = str(flags, 'base') ?? DEFAULT_BASE;
    if (!/^https?:\/\/[^\s#]+$/.test(base.replace(/#.*$/, ''))) throw usageError(`--base ${base.slice(0, 80)} is not an http(s) URL`);
    return {
      kind: 'open',
      results: onePositional('open', 'a results.json file', positional),
      stat: str(flags, 'stat'),
      pane: paneRaw === null ? null : Number(paneRaw),
      lowest: flags.has('lowest'),
      base,
      debug: flags.has('debug'),
    };
  }
  throw usageError(`unknown command "${cmd.slice(0, 40)}": use run or open`);
}

/**
 * Reads a list of whole numbers for `--flag`: "1-50", "7", "3,7,9-12"; each ≤ maxValue, at most
 * `max` of them, in the order given.
 */
export function parseIntList(flag: string, spec: string, maxValue: number, max = 100_000): number[] {
  const out: number[] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*(\d{1,10})\s*(?:-\s*(\d{1,10})\s*)?$/.exec(part);
    if (!m) throw usageError(`--${flag} ${spec.slice(0, 40)}: "${part.slice(0, 20)}" is not a number or a range a-b`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw usageError(`--${flag} ${spec.slice(0, 40)}: range ${a}-${b} runs backwards`);
    if (b > maxValue) throw usageError(`--${flag}: ${b} is over the largest allowed, ${maxValue}`);
    if (out.length + (b - a + 1) > max) throw usageError(`--${flag}: more than ${max} values`);
    for (let v = a; v <= b; v++) out.push(v);
  }
  return out;
}

/** A seed list (uint32 seeds). */
export const parseSeeds = (spec: string, max = 100_000) => parseIntList('seeds', spec, 2 ** 32 - 1, max);
