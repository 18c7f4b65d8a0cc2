import {
  DEFAULT_EXPERIMENT,
  DEFAULT_MODEL_TEXT,
  EXPERIMENT_VERSION,
  type Experiment,
} from '../schema/experiment';
import { MODEL_IDS } from '../schema/models';
import { METHOD_IDS, METHOD_PARAMS, MAX_PANES, defaultMethod, parseHeadSet, type MethodId, type MethodSpec } from '../schema/methods';
import { validateExperiment, type Issue } from '../schema/validate';

/**
 * Experiment ⇄ URL hash. A declarative table of readable keys (TF Playground's idea) with a
 * version, validation and defaults for absent keys:
 *   #v=1&seed=12&n=48&…&tau=0.1&mask=none&…&head=0&scale=linear&units=nats
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
  { key: 'D', path: ['source', 'modelDim'], type: 'int' },
  { key: 'ws', path: ['source', 'weightScale'], type: 'num' },
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
  { key: 'pane', path: ['view', 'pane'], type: 'int' },
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

/**
 * Reads panes p0…p3 (`p1=act&p1.beta=0.4`): absent parameters take their defaults, unknown ones
 * are errors. Returns null when the link names no pane (keep the default panes).
 */
function decodePanes(params: URLSearchParams, issues: Issue[]): MethodSpec[] | null {
  const panes: MethodSpec[] = [];
  for (let k = 0; k < MAX_PANES; k++) {
    const id = params.get(`p${k}`);
    if (id === null) break;
    if (!(METHOD_IDS as readonly string[]).includes(id)) {
      issues.push({ field: `p${k}`, message: `p${k}=${id.slice(0, 40)} is not a method (one of ${METHOD_IDS.join(', ')})` });
      return null;
    }
    const m = defaultMethod(id as MethodId);
    const out: Record<string, number | string> = { ...m.params };
    for (const spec of METHOD_PARAMS[m.id]) {
      const raw = params.get(`p${k}.${spec.key}`);
      if (raw === null) continue;
      if (spec.kind === 'heads') {
        if (parseHeadSet(raw) === null) issues.push({ field: `p${k}.${spec.key}`, message: `p${k}.${spec.key}=${raw.slice(0, 40)} is not a list of heads (layer.head joined by _, e.g. 2.5_3.1)` });
        else out[spec.key] = raw;
        continue;
      }
      const v = parseValue({ key: spec.key, path: [], type: spec.kind === 'enum' ? 'enum' : 'num' }, raw);
      if (v === undefined || v === null) {
        const want = spec.kind === 'enum' ? `one of ${spec.options.join(', ')}` : `a number${spec.min !== undefined && spec.max !== undefined ? ` from ${spec.min} to ${spec.max}` : ''}`;
        issues.push({ field: `p${k}.${spec.key}`, message: `p${k}.${spec.key}=${raw.slice(0, 40)}: ${m.id}'s ${spec.label} must be ${want}` });
      } else out[spec.key] = v;
    }
    for (const key of params.keys()) {
      const m2 = new RegExp(`^p${k}\\.(.+)$`).exec(key);
      if (m2 && !METHOD_PARAMS[m.id].some((p) => p.key === m2[1])) {
        issues.push({ field: key.slice(0, 40), message: `${m.id} has no parameter "${String(m2[1]).slice(0, 40)}"` });
      }
    }
    panes.push({ id: m.id, params: out });
  }
  // Pane keys past a gap (p2 without p1) would be dropped: say so.
  for (const key of new Set(params.keys())) {
    const m = /^p(\d)(\.|$)/.exec(key);
    if (m && Number(m[1]) > panes.length) issues.push({ field: key.slice(0, 40), message: `${key.slice(0, 40)} follows no p${panes.length}: panes are numbered p0, p1, … with none missing` });
  }
  return panes.length ? panes : null;
}

/** Longest hash we read; anything longer is refused, never truncated. */
export const MAX_HASH_LENGTH = 40_000;

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
  const model = exp.source.kind === 'model' ? exp.source : null;
  if (model) {
    params.set('model', model.model);
    params.set('text', model.text);
  }
  const imp = exp.source.kind === 'import' ? exp.source : null;
  if (imp) {
    params.set('import', imp.name);
    for (const [key, field] of IMPORT_KEYS) params.set(key, String(imp[field]));
    params.set('iv', imp.hasV ? '1' : '0');
    params.set('imaps', imp.maps ? '1' : '0');
  }
  for (const p of PROPS) {
    if ((model || imp) && p.path[0] === 'source') continue; // a model or import source has no synthetic knobs
    const v = getPath(exp, p.path);
    params.set(p.key, typeof v === 'number' ? formatNumber(v) : v === null ? 'none' : String(v));
  }
  params.set('diff', exp.view.diff ? `${exp.view.diff[0]}-${exp.view.diff[1]}` : 'none');
  if (exp.view.hidden.length) params.set('hide', exp.view.hidden.join(','));
  if (exp.view.present) params.set('present', '1');
  if (exp.view.zoom) {
    const z = exp.view.zoom;
    params.set('zoom', `${z.q0}-${z.q1},${z.k0}-${z.k1}`);
  }
  exp.methods.forEach((m, k) => {
    params.set(`p${k}`, m.id);
    for (const spec of METHOD_PARAMS[m.id]) {
      const v = m.params[spec.key];
      if (spec.kind === 'heads' && v === '') continue; // an empty head set is the default
      params.set(`p${k}.${spec.key}`, typeof v === 'number' ? formatNumber(v) : String(v));
    }
  });
  return `#${params.toString()}`;
}

/** An import's shape in the link (the data itself cannot travel in a link). */
const IMPORT_KEYS = [['il', 'layers'], ['ih', 'heads'], ['in', 'seqLen'], ['id', 'headDim']] as const;

/** Reads `import=<name>&il=..&ih=..&in=..&id=..&iv=0|1&imaps=0|1` into a source draft. */
function decodeImport(params: URLSearchParams, name: string, issues: Issue[]): Record<string, unknown> {
  const src: Record<string, unknown> = { kind: 'import', name };
  for (const [key, field] of IMPORT_KEYS) {
    const raw = params.get(key);
    if (raw === null || !/^\d{1,5}$/.test(raw)) issues.push({ field: key, message: `${key}=${String(raw).slice(0, 40)} must be a whole number (an import link needs il, ih, in and id)` });
    else src[field] = Number(raw);
  }
  for (const [key, field] of [['iv', 'hasV'], ['imaps', 'maps']] as const) {
    const raw = params.get(key) ?? '0';
    if (raw !== '0' && raw !== '1') issues.push({ field: key, message: `${key}=${raw.slice(0, 40)} must be 0 or 1` });
    src[field] = raw === '1';
  }
  return src;
}

function parseValue(prop: Prop, raw: string): string | number | null | undefined {
  if (prop.type === 'enum') return /^[A-Za-z0-9-]{1,16}$/.test(raw) ? raw : undefined;
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
  const seen = new Map<string, number>();
  for (const key of params.keys()) seen.set(key, (seen.get(key) ?? 0) + 1);
  for (const [key, count] of seen) {
    if (count > 1) warnings.push({ field: key.slice(0, 40), message: `${key.slice(0, 40)} appears ${count} times; the first (${String(params.get(key)).slice(0, 40)}) is used` });
  }
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
  const known = new Set(['v', 'diff', 'hide', 'present', 'zoom', 'model', 'text', 'import', 'iv', 'imaps', ...IMPORT_KEYS.map(([k]) => k), ...PROPS.map((p) => p.key)]);
  const model = params.get('model');
  if (model !== null) {
    if (!(MODEL_IDS as readonly string[]).includes(model)) {
      issues.push({ field: 'model', message: `model=${model.slice(0, 40)} is not a model (one of ${MODEL_IDS.join(', ')})` });
    }
    draft.source = { kind: 'model', model, text: params.get('text') ?? DEFAULT_MODEL_TEXT };
    for (const p of PROPS) {
      if (p.path[0] === 'source' && params.has(p.key)) warnings.push({ field: p.key, message: `${p.key} is a synthetic-input key; a model link ignores it` });
    }
  }
  const imp = params.get('import');
  if (imp !== null) {
    if (model !== null) issues.push({ field: 'import', message: 'a link names either a model or imported tensors, not both' });
    draft.source = decodeImport(params, imp, issues);
    for (const p of PROPS) {
      if (p.path[0] === 'source' && params.has(p.key)) warnings.push({ field: p.key, message: `${p.key} is a synthetic-input key; an import link ignores it` });
    }
  }
  if (model === null && params.has('text')) {
    warnings.push({ field: 'text', message: 'text= needs model=…; ignored' });
  }
  const panes = decodePanes(params, issues);
  const unknown = [...seen.keys()].filter((key) => !known.has(key) && !/^p\d(\.[a-z]+)?$/.test(key));
  if (unknown.length) {
    // One notice for all of them: a pasted 40,000-character link must not bury the page in notices.
    const shown = unknown.slice(0, 8).map((k) => `"${k.slice(0, 40)}"`).join(', ');
    const more = unknown.length > 8 ? ` and ${unknown.length - 8} more` : '';
    warnings.push({ field: unknown.length === 1 ? (unknown[0] as string).slice(0, 40) : 'link', message: `unknown link key${unknown.length > 1 ? 's' : ''} ${shown}${more} ignored` });
  }
  if (panes) {
    draft.methods = panes;
    setPath(draft, ['view', 'diff'], panes.length >= 2 ? [1, 0] : null);
    setPath(draft, ['view', 'pane'], 0);
  }
  const hide = params.get('hide');
  if (hide !== null) setPath(draft, ['view', 'hidden'], hide === '' ? [] : hide.split(','));
  const zoom = params.get('zoom');
  if (zoom !== null && zoom !== 'none') {
    const m = /^(\d{1,5})-(\d{1,5}),(\d{1,5})-(\d{1,5})$/.exec(zoom);
    if (m) setPath(draft, ['view', 'zoom'], { q0: Number(m[1]), q1: Number(m[2]), k0: Number(m[3]), k1: Number(m[4]) });
    else issues.push({ field: 'zoom', message: `zoom=${zoom.slice(0, 40)} is not "q0-q1,k0-k1"` });
  }
  const present = params.get('present');
  if (present !== null) {
    if (present === '1' || present === '0') setPath(draft, ['view', 'present'], present === '1');
    else issues.push({ field: 'present', message: `present=${present.slice(0, 40)} must be 1 or 0` });
  }
  const diff = params.get('diff');
  if (diff !== null) {
    const m = /^(\d)-(\d)$/.exec(diff);
    if (diff === 'none') setPath(draft, ['view', 'diff'], null);
    else if (m) setPath(draft, ['view', 'diff'], [Number(m[1]), Number(m[2])]);
    else issues.push({ field: 'diff', message: `diff=${diff.slice(0, 40)} is not "a-b" or "none"` });
  }
  for (const p of PROPS) {
    const raw = params.get(p.key);
    if (raw === null || ((model !== null || imp !== null) && p.path[0] === 'source')) continue;
    const v = parseValue(p, raw);
    if (v === undefined) {
      const what = p.type === 'enum' ? 'not a known option' : 'not a number';
      issues.push({ field: p.key, message: `${p.key}=${raw.slice(0, 40)} is ${what}` });
      continue;
    }
    setPath(draft, p.path, v);
  }
  // Every bad key at once: the values that parsed are range-checked too, the others left out.
  const failed = new Set(issues.map((i) => i.field));
  const checked = validateExperiment(draft);
  if (issues.length && checked.ok) return { ok: false, issues: grouped(issues) };
  if (!checked.ok) {
    // Name the link key the user can see and edit, not the schema field behind it.
    const keyOf = new Map(PROPS.map((p) => [p.path.join('.'), p.key]));
    keyOf.set('source.text', 'text');
    keyOf.set('source.model', 'model');
    if (imp !== null) {
      keyOf.set('source.name', 'import');
      for (const [key, field] of IMPORT_KEYS) keyOf.set(`source.${field}`, key);
      keyOf.set('source.hasV', 'iv');
      keyOf.set('source.maps', 'imaps');
    }
    const linkKey = (f: string) => keyOf.get(f) ?? f.replace(/^methods\.(\d)\.params\./, 'p$1.').replace(/^methods\.(\d)$/, 'p$1').replace(/^view\.diff$/, 'diff').replace(/^view\.hidden$/, 'hide').replace(/^view\.zoom$/, 'zoom');
    const more = checked.issues.map((i) => ({ field: linkKey(i.field), message: i.message })).filter((i) => !failed.has(i.field));
    return { ok: false, issues: grouped([...issues, ...more]) };
  }
  return { ok: true, experiment: checked.value, warnings: grouped(warnings) };
}

/** At most MAX_ISSUES issues, the rest counted in one more: a hostile link cannot flood the page. */
const MAX_ISSUES = 12;
function grouped(issues: Issue[]): Issue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  return [...issues.slice(0, MAX_ISSUES - 1), { field: 'link', message: `and ${issues.length - MAX_ISSUES + 1} more problems in this link` }];
}

/**
 * The full link of `exp` at this page's address. Exports and "Copy link" use it rather than the
 * address bar, which may hold a bad link the user pasted (the experiment on screen is the last good one).
 */
export function linkOf(exp: Experiment, at: { origin: string; pathname: string; search: string }): string {
  return `${at.origin}${at.pathname}${at.search}${encodeExperiment(exp)}`;
}
