import {
  DEFAULT_EXPERIMENT,
  EXPERIMENT_VERSION,
  type Experiment,
} from '../schema/experiment';
import { validateExperiment, type Issue } from '../schema/validate';

/**
 * Experiment ⇄ URL hash. A declarative table of readable keys (TF Playground's idea) with a
 * version, validation and defaults for absent keys:
 *   #v=1&seed=7&n=48&…&tau=0.1&mask=none&…&head=0&scale=linear&units=nats
 */

/** Where a link key lives in the Experiment, e.g. ['analysis', 'mask', 'kind']. */
type Path = readonly string[];

interface Prop {
  readonly key: string;
  readonly path: Path;
  /** 'int'/'num' parse numbers; 'intOrNone' also takes "none" (null); 'enum' keeps the string. */
  readonly type: 'int' | 'num' | 'intOrNone' | 'enum';
}

/** The link's keys in their fixed order. Short and readable, as TF Playground's are. */
const PROPS: readonly Prop[] = [
  { key: 'seed', path: ['source', 'seed'], type: 'int' },
  { key: 'n', path: ['source', 'seqLen'], type: 'int' },
  { key: 'h', path: ['source', 'heads'], type: 'int' },
  { key: 'd', path: ['source', 'headDim'], type: 'int' },
  { key: 'sink', path: ['source', 'sinkPos'], type: 'intOrNone' },
  { key: 'ss', path: ['source', 'sinkStrength'], type: 'num' },
  { key: 'sharp', path: ['source', 'sharpness'], type: 'num' },
  { key: 'tau', path: ['analysis', 'sinks', 'tau'], type: 'num' },
  { key: 'eps', path: ['analysis', 'sinks', 'eps'], type: 'num' },
  { key: 'kappa', path: ['analysis', 'sinks', 'kappa'], type: 'num' },
  { key: 'minsup', path: ['analysis', 'sinks', 'minSupport'], type: 'int' },
  { key: 'mask', path: ['analysis', 'mask', 'kind'], type: 'enum' },
  { key: 'k', path: ['analysis', 'mask', 'k'], type: 'int' },
  { key: 'mass', path: ['analysis', 'mask', 'gamma'], type: 'num' },
  { key: 'win', path: ['analysis', 'mask', 'window'], type: 'int' },
  { key: 'wsinks', path: ['analysis', 'mask', 'sinks'], type: 'int' },
  { key: 'block', path: ['analysis', 'mask', 'block'], type: 'int' },
  { key: 'nz', path: ['analysis', 'mask', 'nzRatio'], type: 'num' },
  { key: 'layer', path: ['view', 'layer'], type: 'int' },
  { key: 'head', path: ['view', 'head'], type: 'int' },
  { key: 'scale', path: ['view', 'scale'], type: 'enum' },
  { key: 'gamma', path: ['view', 'gamma'], type: 'num' },
  { key: 'reduce', path: ['view', 'reduce'], type: 'enum' },
  { key: 'units', path: ['view', 'units'], type: 'enum' },
];

function getPath(o: unknown, path: Path): unknown {
  return path.reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);
}

/** Sets a value in a deep copy-on-write draft (plain objects only). */
function setPath(o: Record<string, unknown>, path: Path, v: unknown): void {
  let x = o;
  path.slice(0, -1).forEach((k) => {
    x[k] = { ...(x[k] as Record<string, unknown>) };
    x = x[k] as Record<string, unknown>;
  });
  x[path[path.length - 1] as string] = v;
}

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
    const v = getPath(exp, p.path);
    params.set(p.key, typeof v === 'number' ? formatNumber(v) : v === null ? 'none' : String(v));
  }
  return `#${params.toString()}`;
}

function parseValue(prop: Prop, raw: string): string | number | null | undefined {
  if (prop.type === 'enum') return /^[a-z]{1,16}$/.test(raw) ? raw : undefined;
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
  const draft: Record<string, unknown> = { ...DEFAULT_EXPERIMENT };
  const known = new Set(['v', ...PROPS.map((p) => p.key)]);
  for (const key of params.keys()) {
    if (!known.has(key)) warnings.push({ field: key, message: `unknown link key "${key}" ignored` });
  }
  for (const p of PROPS) {
    const raw = params.get(p.key);
    if (raw === null) continue;
    const v = parseValue(p, raw);
    if (v === undefined) {
      const what = p.type === 'enum' ? 'not a known option' : 'not a number';
      issues.push({ field: p.key, message: `${p.key}=${raw.slice(0, 40)} is ${what}` });
      continue;
    }
    setPath(draft, p.path, v);
  }
  if (issues.length) return { ok: false, issues };
  const checked = validateExperiment(draft);
  if (!checked.ok) {
    // Name the link key the user can see and edit, not the schema field behind it.
    const keyOf = new Map(PROPS.map((p) => [p.path.join('.'), p.key]));
    return {
      ok: false,
      issues: checked.issues.map((i) => ({ field: keyOf.get(i.field) ?? i.field, message: i.message })),
    };
  }
  return { ok: true, experiment: checked.value, warnings };
}
