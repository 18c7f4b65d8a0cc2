import {
  DEFAULT_EXPERIMENT,
  EXPERIMENT_VERSION,
  type Experiment,
} from '../schema/experiment';
import { validateExperiment, type Issue } from '../schema/validate';

/**
 * Experiment ⇄ URL hash. A declarative table of readable keys (TF Playground's idea) with a
 * version, validation and defaults for absent keys:
 *   #v=1&seed=7&n=48&h=6&d=16&sink=0&ss=3&sharp=1&layer=0&head=0
 */

type Path = readonly [section: 'source' | 'view', field: string];

interface Prop {
  readonly key: string;
  readonly path: Path;
  /** 'int' and 'num' parse as numbers; 'intOrNone' also accepts "none" for null. */
  readonly type: 'int' | 'num' | 'intOrNone';
}

const PROPS: readonly Prop[] = [
  { key: 'seed', path: ['source', 'seed'], type: 'int' },
  { key: 'n', path: ['source', 'seqLen'], type: 'int' },
  { key: 'h', path: ['source', 'heads'], type: 'int' },
  { key: 'd', path: ['source', 'headDim'], type: 'int' },
  { key: 'sink', path: ['source', 'sinkPos'], type: 'intOrNone' },
  { key: 'ss', path: ['source', 'sinkStrength'], type: 'num' },
  { key: 'sharp', path: ['source', 'sharpness'], type: 'num' },
  { key: 'layer', path: ['view', 'layer'], type: 'int' },
  { key: 'head', path: ['view', 'head'], type: 'int' },
];

/** Longest hash we read; anything longer is refused, never truncated. */
export const MAX_HASH_LENGTH = 8192;

export type Decoded =
  | { ok: true; experiment: Experiment; warnings: Issue[] }
  | { ok: false; issues: Issue[] };

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** The hash (with leading '#') for an Experiment. Keys always appear in table order. */
export function encodeExperiment(exp: Experiment): string {
  const params = new URLSearchParams();
  params.set('v', String(EXPERIMENT_VERSION));
  for (const p of PROPS) {
    const section = exp[p.path[0]] as unknown as Record<string, number | null>;
    const v = section[p.path[1]];
    params.set(p.key, v === null || v === undefined ? 'none' : formatNumber(v));
  }
  return `#${params.toString()}`;
}

function parseValue(prop: Prop, raw: string): number | null | undefined {
  if (prop.type === 'intOrNone' && raw === 'none') return null;
  if (!/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(raw)) return undefined;
  return Number(raw);
}

/**
 * Reads a hash. An empty hash gives the default experiment. Unknown keys are reported as
 * warnings; bad values, a wrong version or an over-long hash fail with every issue found.
 */
export function decodeExperiment(hash: string): Decoded {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.length === 0) return { ok: true, experiment: DEFAULT_EXPERIMENT, warnings: [] };
  if (text.length > MAX_HASH_LENGTH) {
    return {
      ok: false,
      issues: [{ field: 'link', message: `link state is ${text.length} characters, over the ${MAX_HASH_LENGTH} limit` }],
    };
  }
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text);
  } catch {
    return { ok: false, issues: [{ field: 'link', message: 'link state is not readable' }] };
  }
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const version = params.get('v');
  if (version !== String(EXPERIMENT_VERSION)) {
    issues.push({
      field: 'v',
      message: version === null
        ? 'link has no version (v=…)'
        : `link version ${version} is not supported (this lab reads v=${EXPERIMENT_VERSION})`,
    });
  }
  const draft = {
    version: EXPERIMENT_VERSION,
    source: { ...DEFAULT_EXPERIMENT.source } as Record<string, unknown>,
    view: { ...DEFAULT_EXPERIMENT.view } as Record<string, unknown>,
  };
  const known = new Set(['v', ...PROPS.map((p) => p.key)]);
  for (const key of params.keys()) {
    if (!known.has(key)) warnings.push({ field: key, message: `unknown link key "${key}" ignored` });
  }
  for (const p of PROPS) {
    const raw = params.get(p.key);
    if (raw === null) continue;
    const v = parseValue(p, raw);
    if (v === undefined) {
      issues.push({ field: p.key, message: `${p.key}=${raw.slice(0, 40)} is not a number` });
      continue;
    }
    draft[p.path[0]][p.path[1]] = v;
  }
  if (issues.length) return { ok: false, issues };
  const checked = validateExperiment(draft);
  if (!checked.ok) {
    // Name the link key the user can see and edit, not the schema field behind it.
    const keyOf = new Map(PROPS.map((p) => [p.path[1], p.key]));
    return {
      ok: false,
      issues: checked.issues.map((i) => ({ field: keyOf.get(i.field) ?? i.field, message: i.message })),
    };
  }
  return { ok: true, experiment: checked.value, warnings };
}
