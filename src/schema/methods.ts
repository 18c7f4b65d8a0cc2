/**
 * The attention-changing methods a pane can apply, as data: parameters with defaults, ranges and
 * options (docs/methods.md "ACT"–§4, §6.1–§6.2, §7). Validation, the link codec and the forms are all
 * generated from this table, so a parameter is declared exactly once. Explanations and citations
 * live in src/methods/catalog.ts.
 */

export const METHOD_IDS = ['softmax', 'act', 'temperature', 'sigma', 'sigmoid', 'softmax1', 'softplus'] as const;
export type MethodId = (typeof METHOD_IDS)[number];

interface ParamBase {
  readonly key: string;
  readonly label: string;
  /** A lab design, not from the paper or its code (docs/methods.md [lab]): the UI says so. */
  readonly lab?: boolean;
}
export interface NumParam extends ParamBase {
  readonly kind: 'num' | 'int';
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly default: number;
  /** Log-scaled slider (γ of σReparam spans 0.05–20). */
  readonly log?: boolean;
}
export interface EnumParam extends ParamBase {
  readonly kind: 'enum';
  readonly options: readonly string[];
  readonly default: string;
}
/** A set of model heads as "layer.head" pairs joined by "_" ("2.5_3.1"); empty: none. */
export interface HeadsParam extends ParamBase {
  readonly kind: 'heads';
  readonly default: '';
}
export type ParamSpec = NumParam | EnumParam | HeadsParam;

/** Most heads a head set may name (a 48-layer, 64-head model has 3072; sets are kept heads, far fewer). */
export const MAX_HEAD_SET = 2048;

export interface HeadRef {
  readonly layer: number;
  readonly head: number;
}

/** Parses a head set ("2.5_3.1"; "" is empty); null when malformed or too long. */
export function parseHeadSet(s: string): HeadRef[] | null {
  if (s === '') return [];
  const parts = s.split('_');
  if (parts.length > MAX_HEAD_SET) return null;
  const out: HeadRef[] = [];
  for (const part of parts) {
    const m = /^(\d{1,3})\.(\d{1,3})$/.exec(part);
    if (!m) return null;
    out.push({ layer: Number(m[1]), head: Number(m[2]) });
  }
  return out;
}

export const formatHeadSet = (set: readonly HeadRef[]) => set.map((u) => `${u.layer}.${u.head}`).join('_');

export type MethodParams = Readonly<Record<string, number | string>>;

export interface MethodSpec {
  readonly id: MethodId;
  readonly params: MethodParams;
}

const num = (key: string, label: string, min: number, max: number, step: number, def: number, extra: Partial<NumParam> = {}): NumParam => ({
  kind: 'num', key, label, min, max, step, default: def, ...extra,
});
const int = (key: string, label: string, min: number, max: number, def: number, extra: Partial<NumParam> = {}): NumParam => ({
  kind: 'int', key, label, min, max, step: 1, default: def, ...extra,
});
const headSet = (key: string, label: string): HeadsParam => ({ kind: 'heads', key, label, default: '' });
const oneOf = (key: string, label: string, options: readonly string[], def: string, extra: Partial<EnumParam> = {}): EnumParam => ({
  kind: 'enum', key, label, options, default: def, ...extra,
});

export const METHOD_PARAMS: Readonly<Record<MethodId, readonly ParamSpec[]>> = {
  softmax: [],
  act: [
    num('tau', 'threshold τ on α_j', 0, 0.5, 0.005, 0.1),
    num('beta', 'scale β on sink columns', 0, 1, 0.01, 0.4),
    oneOf('exempt', 'exemption', ['first', 'token0', 'none'], 'first'),
    oneOf('rule', 'threshold rule', ['absolute', 'relative'], 'absolute'),
    num('kappa', 'relative κ', 1, 20, 0.1, 3, { lab: true }),
    int('minsup', 'min support m', 1, 4096, 4, { lab: true }),
    // auto: ACT's protocol (docs/methods.md "ACT"): on a model, the searched set when one is applied,
    // else the selected head; on synthetic or imported heads (no loss to search by), every head.
    oneOf('heads', 'heads', ['auto', 'selected', 'all'], 'auto'),
    headSet('set', 'searched heads (layer.head)'),
  ],
  temperature: [
    num('c', 'position c: m = 1 + c·ln(i+1)', 0, 1, 0.001, 0.5),
    num('a', 'query-norm a', 0, 1, 0.01, 0, { lab: true }),
    num('b', 'query-norm b', 0, 5, 0.05, 1, { lab: true }),
    num('av', 'value a_v', 0, 1, 0.01, 0, { lab: true }),
    num('bv', 'value b_v', 0, 5, 0.05, 1, { lab: true }),
  ],
  sigma: [
    // keep: γ = σ(W), so Ŵ = W (a σReparam-trained model keeps its learned γ); set: the sliders' γ.
    oneOf('gamma', 'γ', ['keep', 'set'], 'keep'),
    num('gq', 'γ_Q (γ = set)', 0.05, 20, 0.01, 1, { log: true }),
    num('gk', 'γ_K (γ = set)', 0.05, 20, 0.01, 1, { log: true }),
    int('iters', 'power iterations', 1, 100, 1),
    oneOf('start', 'start vector', ['svd', 'ones', 'random'], 'svd'),
  ],
  sigmoid: [oneOf('bias', 'bias b', ['-lnN', 'custom'], '-lnN'), num('b', 'custom b', -12, 0, 0.05, -4)],
  softmax1: [],
  softplus: [int('nref', 'reference length n_ref', 2, 8192, 256, { lab: true }), num('p', 'sharpening p', 1, 8, 0.1, 1, { lab: true })],
};

/** A method with every parameter at its default. */
export function defaultMethod(id: MethodId): MethodSpec {
  const params: Record<string, number | string> = {};
  for (const p of METHOD_PARAMS[id]) params[p.key] = p.default;
  return { id, params };
}

/**
 * A method as a newly added pane starts on a source: selective temperature on a language model is
 * a lab intervention (the model was not trained with it, or already has its own folded in), so it
 * starts at c = 0 — no change — rather than the paper's c.
 */
export function paneDefault(id: MethodId, onModel: boolean): MethodSpec {
  const m = defaultMethod(id);
  return id === 'temperature' && onModel ? { id, params: { ...m.params, c: 0 } } : m;
}

/** A numeric parameter (validated specs always hold numbers for 'num'/'int' params). */
export function numParam(m: MethodSpec, key: string): number {
  return Number(m.params[key]);
}

export const MAX_PANES = 4;
export const MIN_PANES = 1;
