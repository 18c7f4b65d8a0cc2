import type { Chunk, MapChunk, StatsChunk } from '../schema/chunk';

/**
 * Precomputed preset results as JSON: typed arrays become plain arrays of numbers rounded to 7
 * significant digits (float32 carries about 7), non-finite numbers become strings. Only stats
 * and thumbnails are kept: they are what a preset needs to show at once.
 */
export interface Precomputed {
  readonly link: string;
  readonly chunks: readonly (StatsChunk | MapChunk)[];
}

const TYPED = '__f32';

function encodeValue(v: unknown): unknown {
  if (v instanceof Float32Array) return { [TYPED]: Array.from(v, (x) => (Number.isFinite(x) ? Number(x.toPrecision(7)) : String(x))) };
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (Array.isArray(v)) return v.map(encodeValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeValue(x)]));
  return v;
}

function decodeValue(v: unknown): unknown {
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o[TYPED])) return Float32Array.from(o[TYPED] as unknown[], (x) => Number(x));
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodeValue(x)]));
  }
  return v;
}

export function encodePrecomputed(link: string, chunks: readonly Chunk[]): string {
  const kept = chunks.filter((c): c is StatsChunk | MapChunk => c.kind === 'stats' || (c.kind === 'map' && c.purpose === 'thumb'));
  return JSON.stringify(encodeValue({ link, chunks: kept }));
}

/** Parses a precomputed file; anything malformed is rejected (the live run then fills in). */
export function decodePrecomputed(text: string): Precomputed | null {
  try {
    const v = decodeValue(JSON.parse(text)) as Precomputed;
    if (typeof v.link !== 'string' || !Array.isArray(v.chunks)) return null;
    if (!v.chunks.every((c) => c && (c.kind === 'stats' || c.kind === 'map') && Number.isInteger(c.head) && Number.isInteger(c.pane))) return null;
    return v;
  } catch {
    return null;
  }
}
