import {
  MASK_KINDS,
  REDUCE_KINDS,
  SCALE_KINDS,
  UNIT_KINDS,
  type Analysis,
} from './analysis';
import {
  EXPERIMENT_VERSION,
  HIDEABLE,
  type HideableId,
  knownSeqLen,
  sourceShape,
  type Experiment,
  type Source,
  type Zoom,
  type SyntheticSource,
  type ViewState,
  IMPORT_BOUNDS,
  MAX_IMPORT_NAME,
  importRefusal,
  type ImportSource,
} from './experiment';
import { LIMITS } from './limits';
import { MAX_TEXT_CHARS, MODELS, MODEL_IDS, type ModelId } from './models';
import { MAX_HEAD_SET, MAX_PANES, METHOD_IDS, METHOD_PARAMS, MIN_PANES, parseHeadSet, type MethodId, type MethodSpec } from './methods';

/** One problem found in an input, with the field it concerns and what to do about it. */
export interface Issue {
  readonly field: string;
  readonly message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

type Range = { readonly min: number; readonly max: number };

/** Collects issues while reading fields of one object. */
class Reader {
  constructor(
    private readonly o: Record<string, unknown>,
    readonly issues: Issue[],
    /** Dotted path of this object, so issues name the full field ('analysis.mask.gamma'). */
    private readonly at: string,
  ) {}

  private name(field: string): string {
    return `${this.at}.${field}`;
  }

  int(field: string, r: Range): number {
    const v = this.o[field];
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.issues.push({ field: this.name(field), message: `${field} must be a whole number (got ${String(v).slice(0, 40)})` });
      return r.min;
    }
    return this.inRange(field, v, r);
  }

  num(field: string, r: Range): number {
    const v = this.o[field];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.issues.push({ field: this.name(field), message: `${field} must be a finite number (got ${String(v).slice(0, 40)})` });
      return r.min;
    }
    return this.inRange(field, v, r);
  }

  oneOf<T extends string>(field: string, options: readonly T[]): T {
    const v = this.o[field];
    if (typeof v === 'string' && (options as readonly string[]).includes(v)) return v as T;
    this.issues.push({ field: this.name(field), message: `${field} must be one of ${options.join(', ')} (got ${String(v).slice(0, 40)})` });
    return options[0] as T;
  }

  private inRange(field: string, v: number, r: Range): number {
    if (v < r.min || v > r.max) {
      this.issues.push({ field: this.name(field), message: `${field} must be between ${r.min} and ${r.max} (got ${v})` });
    }
    return v;
  }
}

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : null;
}

function section(v: unknown, name: string, issues: Issue[]): Reader | null {
  const o = obj(v);
  if (!o) {
    issues.push({ field: name, message: `${name} must be an object` });
    return null;
  }
  return new Reader(o, issues, name);
}

/** Largest layer count and head count a dropped model file may have (src/models MODEL_LIMITS). */
const FILE_MODEL_MAX = { layers: 48, heads: 64 } as const;

export function validateSource(v: unknown, issues: Issue[]): Source {
  const o = obj(v);
  if (o?.kind === 'model') {
    const model = new Reader(o, issues, 'source').oneOf('model', MODEL_IDS);
    const text = o.text;
    if (typeof text !== 'string' || text.length === 0 || text.length > MAX_TEXT_CHARS) {
      issues.push({ field: 'source.text', message: `text must be 1 to ${MAX_TEXT_CHARS} characters (got ${typeof text === 'string' ? text.length : typeof text})` });
      return { kind: 'model', model: model as ModelId, text: '' };
    }
    return { kind: 'model', model: model as ModelId, text };
  }
  if (o?.kind === 'import') return validateImport(o, issues);
  if (!o || o.kind !== 'synthetic') {
    issues.push({ field: 'source', message: 'source must be a synthetic, a model or an import source' });
    return {} as SyntheticSource;
  }
  const r = new Reader(o, issues, 'source');
  const seqLen = r.int('seqLen', LIMITS.seqLen);
  const sinkPos =
    o.sinkPos === null || o.sinkPos === undefined
      ? null
      : r.int('sinkPos', { min: 0, max: Math.max(0, seqLen - 1) });
  return {
    kind: 'synthetic',
    seed: r.int('seed', LIMITS.seed),
    seqLen,
    heads: r.int('heads', LIMITS.heads),
    headDim: r.int('headDim', LIMITS.headDim),
    sinkPos,
    sinkStrength: r.num('sinkStrength', LIMITS.sinkStrength),
    sharpness: r.num('sharpness', LIMITS.sharpness),
    modelDim: r.int('modelDim', LIMITS.modelDim),
    weightScale: r.num('weightScale', LIMITS.weightScale),
  };
}

function validateImport(o: Record<string, unknown>, issues: Issue[]): ImportSource {
  const r = new Reader(o, issues, 'source');
  const name = typeof o.name === 'string' ? o.name : '';
  if (name.length === 0 || name.length > MAX_IMPORT_NAME) {
    issues.push({ field: 'source.name', message: `import name must be 1 to ${MAX_IMPORT_NAME} characters (got ${name.length})` });
  }
  const flag = (field: 'hasV' | 'maps') => {
    if (typeof o[field] !== 'boolean') issues.push({ field: `source.${field}`, message: `${field} must be true or false` });
    return o[field] === true;
  };
  const src: ImportSource = {
    kind: 'import', name,
    layers: r.int('layers', IMPORT_BOUNDS.layers), heads: r.int('heads', IMPORT_BOUNDS.heads),
    seqLen: r.int('seqLen', IMPORT_BOUNDS.seqLen), headDim: r.int('headDim', IMPORT_BOUNDS.headDim),
    hasV: flag('hasV'), maps: flag('maps'),
  };
  if (src.headDim === 0 && !(src.maps && !src.hasV)) {
    issues.push({ field: 'source.headDim', message: 'headDim 0 is only for attention maps imported without V' });
  }
  return src;
}

function validateMethods(v: unknown, issues: Issue[]): MethodSpec[] {
  if (!Array.isArray(v) || v.length < MIN_PANES || v.length > MAX_PANES) {
    issues.push({ field: 'methods', message: `methods must list ${MIN_PANES} to ${MAX_PANES} panes` });
    return [];
  }
  return v.map((m, k) => {
    const o = obj(m);
    const at = `methods.${k}`;
    if (!o || !(METHOD_IDS as readonly unknown[]).includes(o.id)) {
      issues.push({ field: at, message: `pane ${k}: unknown method ${String(o?.id).slice(0, 40)} (one of ${METHOD_IDS.join(', ')})` });
      return { id: 'softmax', params: {} };
    }
    const id = o.id as MethodId;
    const r = section(o.params, `${at}.params`, issues);
    const params: Record<string, number | string> = {};
    for (const p of METHOD_PARAMS[id]) {
      if (!r) break;
      if (p.kind === 'heads') {
        const v = o.params && (o.params as Record<string, unknown>)[p.key];
        if (typeof v !== 'string' || parseHeadSet(v) === null) {
          issues.push({ field: `${at}.params.${p.key}`, message: `${p.key} must list heads as layer.head joined by _ (e.g. 2.5_3.1), at most ${MAX_HEAD_SET}` });
        }
        params[p.key] = typeof v === 'string' ? v : '';
        continue;
      }
      params[p.key] = p.kind === 'enum' ? r.oneOf(p.key, p.options) : p.kind === 'int' ? r.int(p.key, p) : r.num(p.key, p);
    }
    return { id, params };
  });
}

function validateAnalysis(v: unknown, issues: Issue[]): Analysis {
  const a = obj(v);
  const s = section(a?.sinks, 'analysis.sinks', issues);
  const m = section(a?.mask, 'analysis.mask', issues);
  if (!s || !m) return {} as Analysis;
  return {
    sinks: {
      tau: s.num('tau', LIMITS.tau),
      eps: s.num('eps', LIMITS.eps),
      kappa: s.num('kappa', LIMITS.kappa),
      minSupport: s.int('minSupport', LIMITS.minSupport),
    },
    mask: {
      kind: m.oneOf('kind', MASK_KINDS),
      k: m.int('k', LIMITS.topk),
      gamma: m.num('gamma', LIMITS.massGamma),
      window: m.int('window', LIMITS.window),
      sinks: m.int('sinks', LIMITS.windowSinks),
      block: m.int('block', LIMITS.block),
      nzRatio: m.num('nzRatio', LIMITS.nzRatio),
    },
  };
}

function validateDiff(v: unknown, panes: number, issues: Issue[]): readonly [number, number] | null {
  if (v === null || v === undefined) return null;
  const ok = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < panes;
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1]) && v[0] !== v[1]) return [v[0] as number, v[1] as number];
  issues.push({ field: 'view.diff', message: `diff must name two different panes below ${panes}` });
  return null;
}

function validateHidden(v: unknown, issues: Issue[]): HideableId[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => !(HIDEABLE as readonly unknown[]).includes(x))) {
    issues.push({ field: 'view.hidden', message: `hidden controls must be among ${HIDEABLE.join(', ')}` });
    return [];
  }
  return [...new Set(v as HideableId[])];
}

function validateZoom(v: unknown, n: number, issues: Issue[]): Zoom | null {
  if (v === null || v === undefined) return null;
  const o = obj(v);
  const ints = o && ['q0', 'q1', 'k0', 'k1'].every((k) => Number.isInteger(o[k]));
  const z = ints ? (o as unknown as Zoom) : null;
  if (!z || z.q0 < 0 || z.k0 < 0 || z.q1 > n || z.k1 > n || z.q0 >= z.q1 || z.k0 >= z.k1 || z.k0 >= z.q1) {
    issues.push({ field: 'view.zoom', message: `zoom must be a region q0 < q1 ≤ N, k0 < k1 ≤ N (N = ${n}) with some key before the last query` });
    return null;
  }
  return { q0: z.q0, q1: z.q1, k0: z.k0, k1: z.k1 };
}

function validateView(v: unknown, layers: number, heads: number, panes: number, issues: Issue[], n = 1): ViewState {
  const r = section(v, 'view', issues);
  if (!r) return {} as ViewState;
  const o = obj(v);
  if (o && o.present !== undefined && typeof o.present !== 'boolean') {
    issues.push({ field: 'view.present', message: 'present must be true or false' });
  }
  return {
    hidden: validateHidden(o?.hidden, issues),
    zoom: validateZoom(o?.zoom, n, issues),
    present: o?.present === true,
    diff: validateDiff(obj(v)?.diff, panes, issues),
    layer: r.int('layer', { min: 0, max: Math.max(0, layers - 1) }),
    head: r.int('head', { min: 0, max: Math.max(0, heads - 1) }),
    pane: r.int('pane', { min: 0, max: Math.max(0, panes - 1) }),
    scale: r.oneOf('scale', SCALE_KINDS),
    gamma: r.num('gamma', LIMITS.colourGamma),
    reduce: r.oneOf('reduce', REDUCE_KINDS),
    units: r.oneOf('units', UNIT_KINDS),
  };
}

/** Checks an unknown value (parsed JSON, a decoded link) and returns an Experiment or every problem found. */
export function validateExperiment(v: unknown): Validated<Experiment> {
  const issues: Issue[] = [];
  const o = obj(v);
  if (!o) return { ok: false, issues: [{ field: 'experiment', message: 'not an object' }] };
  if (o.version !== EXPERIMENT_VERSION) {
    issues.push({
      field: 'version',
      message: `unsupported experiment version ${String(o.version)} (this lab reads ${EXPERIMENT_VERSION})`,
    });
  }
  const source = validateSource(o.source, issues);
  const analysis = validateAnalysis(o.analysis, issues);
  const methods = validateMethods(o.methods, issues);
  if (source.kind === 'import') {
    methods.forEach((m, k) => {
      const why = importRefusal(source, m.id);
      if (why) issues.push({ field: `methods.${k}`, message: `pane ${k}: ${why}` });
    });
  }
  const shape = source.kind ? sourceShape(source) : { layers: 1, heads: 1 };
  const n = !source.kind ? 1 : knownSeqLen(source) ?? (source.kind === 'model' ? MODELS[source.model].ctx : null) ?? LIMITS.seqLen.max;
  const view = validateView(o.view, shape.layers ?? FILE_MODEL_MAX.layers, shape.heads ?? FILE_MODEL_MAX.heads, methods.length, issues, n);
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { version: EXPERIMENT_VERSION, source, analysis, methods, view } };
}
