import {
  EXPERIMENT_VERSION,
  type Experiment,
  type SyntheticSource,
  type ViewState,
} from './experiment';
import { LIMITS } from './limits';

/** One problem found in an input, with the field it concerns and what to do about it. */
export interface Issue {
  readonly field: string;
  readonly message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

function intIn(
  issues: Issue[],
  field: string,
  v: unknown,
  lo: number,
  hi: number,
): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    issues.push({ field, message: `${field} must be a whole number (got ${String(v)})` });
    return lo;
  }
  if (v < lo || v > hi) {
    issues.push({ field, message: `${field} must be between ${lo} and ${hi} (got ${v})` });
  }
  return v;
}

function numIn(issues: Issue[], field: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    issues.push({ field, message: `${field} must be a finite number (got ${String(v)})` });
    return lo;
  }
  if (v < lo || v > hi) {
    issues.push({ field, message: `${field} must be between ${lo} and ${hi} (got ${v})` });
  }
  return v;
}

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : null;
}

export function validateSource(v: unknown, issues: Issue[]): SyntheticSource {
  const o = obj(v);
  if (!o || o.kind !== 'synthetic') {
    issues.push({ field: 'source', message: 'source must be a synthetic source' });
    return {} as SyntheticSource;
  }
  const seqLen = intIn(issues, 'seqLen', o.seqLen, LIMITS.seqLen.min, LIMITS.seqLen.max);
  let sinkPos: number | null = null;
  if (o.sinkPos !== null && o.sinkPos !== undefined) {
    sinkPos = intIn(issues, 'sinkPos', o.sinkPos, 0, Math.max(0, seqLen - 1));
  }
  return {
    kind: 'synthetic',
    seed: intIn(issues, 'seed', o.seed, LIMITS.seed.min, LIMITS.seed.max),
    seqLen,
    heads: intIn(issues, 'heads', o.heads, LIMITS.heads.min, LIMITS.heads.max),
    headDim: intIn(issues, 'headDim', o.headDim, LIMITS.headDim.min, LIMITS.headDim.max),
    sinkPos,
    sinkStrength: numIn(
      issues,
      'sinkStrength',
      o.sinkStrength,
      LIMITS.sinkStrength.min,
      LIMITS.sinkStrength.max,
    ),
    sharpness: numIn(issues, 'sharpness', o.sharpness, LIMITS.sharpness.min, LIMITS.sharpness.max),
  };
}

function validateView(v: unknown, heads: number, issues: Issue[]): ViewState {
  const o = obj(v);
  if (!o) {
    issues.push({ field: 'view', message: 'view must be an object' });
    return { layer: 0, head: 0 };
  }
  return {
    layer: intIn(issues, 'layer', o.layer, 0, 0),
    head: intIn(issues, 'head', o.head, 0, Math.max(0, heads - 1)),
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
  const view = validateView(o.view, source.heads ?? 1, issues);
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { version: EXPERIMENT_VERSION, source, view } };
}
