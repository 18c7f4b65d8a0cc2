import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../engine/random';
import { DEFAULT_EXPERIMENT } from '../schema/experiment';
import { fuzz, type FuzzTarget } from '../testing/fuzz';
import { LINK_MUTATORS } from '../testing/linkMutators';
import { decodeExperiment, encodeExperiment } from './codec';

/**
 * ≥ 10,000 hostile links through decodeExperiment. Zero throws, bounded time per
 * case, a message for every rejection, and accepted links that re-encode stably.
 * Figures: `npx vitest run src/url/codec.fuzz.test.ts` prints the per-category table.
 */

/** Valid links to mutate: the default, and variants with other numbers that still decode. */
function seedLinks(): string[] {
  const rng = mulberry32(8);
  const base = encodeExperiment(DEFAULT_EXPERIMENT).slice(1).split('&');
  const out = new Set([encodeExperiment(DEFAULT_EXPERIMENT), '#v=1&seed=11&n=40&h=4&d=16&sink=5&ss=4&sharp=1&layer=0&head=0']);
  for (let t = 0; out.size < 60 && t < 5000; t++) {
    const link = '#' + base.map((p) => {
      const [k, v = ''] = p.split('=');
      if (k === 'v' || !/^\d+(\.\d+)?$/.test(v) || rng() > 0.4) return p;
      const x = Number(v) * (0.25 + rng() * 2);
      return `${k}=${Number.isInteger(Number(v)) ? Math.round(x) : Number(x.toPrecision(4))}`;
    }).join('&');
    if (decodeExperiment(link).ok) out.add(link);
  }
  return [...out];
}

/** Numbers equal to 6 significant digits (the codec writes 6), everything else exactly. */
function closeTo(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-5 * Math.max(Math.abs(a), Math.abs(b));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => closeTo((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** Strings an accepted experiment may hold: option names, never markup or URLs. */
function hostileString(x: unknown): string | null {
  if (typeof x === 'string') return /^[A-Za-z0-9_.-]{0,32}$/.test(x) ? null : x;
  if (x && typeof x === 'object') for (const v of Object.values(x)) {
    const bad = hostileString(v);
    if (bad !== null) return bad;
  }
  return null;
}

const target: FuzzTarget<string> = {
  seeds: seedLinks(),
  mutators: LINK_MUTATORS,
  run(link) {
    const d = decodeExperiment(link);
    return d.ok ? { ok: true } : { ok: false, messages: d.issues.map((i) => i.message) };
  },
  check(link) {
    const d1 = decodeExperiment(link);
    if (!d1.ok) return 'decoded differently the second time';
    const bad = hostileString(d1.experiment);
    if (bad !== null) return `accepted experiment holds the string ${JSON.stringify(bad)}`;
    const h1 = encodeExperiment(d1.experiment);
    const d2 = decodeExperiment(h1);
    if (!d2.ok) return `its own encoding ${h1} is rejected: ${d2.issues.map((i) => i.message).join('; ')}`;
    if (d2.warnings.length) return `its own encoding warns: ${d2.warnings[0]?.message}`;
    if (encodeExperiment(d2.experiment) !== h1) return 'encode∘decode is not stable';
    if (!closeTo(d1.experiment, d2.experiment)) return 're-decoded experiment differs';
    return null;
  },
};

/** Per-case ceiling. Typical cases take microseconds; this catches quadratic blow-ups and hangs. */
const SLOW_MS = 100;

describe('link codec under fuzzing', () => {
  it('survives ≥ 10,000 mutated links: no throw, no hang, a message for every rejection', () => {
    const casesPerMutator = 800;
    const report = fuzz(target, { casesPerMutator, seed: 20240808, slowMs: SLOW_MS });
    const rows = Object.entries(report.byMutator).map(([name, c]) => `${name.padEnd(16)} ${String(c.cases).padStart(6)} ${String(c.accepted).padStart(8)} ${String(c.rejected).padStart(8)}`);
    console.log([
      `link fuzz: ${report.cases} cases from ${target.seeds.length} seeds; accepted ${report.accepted}, rejected ${report.rejected}`,
      `crashes ${report.crashes.length}, slow (> ${SLOW_MS} ms) ${report.slow.length}, silent rejections ${report.silentRejections.length}, property failures ${report.propertyFailures.length}`,
      `max ${report.maxMs.toFixed(2)} ms per case, total ${report.totalMs.toFixed(0)} ms`,
      `category             cases accepted rejected`,
      ...rows,
    ].join('\n'));
    expect(report.cases).toBeGreaterThanOrEqual(10_000);
    expect(report.crashes).toEqual([]);
    expect(report.slow).toEqual([]);
    expect(report.maxMs).toBeLessThan(SLOW_MS);
    expect(report.silentRejections).toEqual([]);
    expect(report.propertyFailures).toEqual([]);
    // Both outcomes occur: the mutators neither only break nor only preserve links.
    expect(report.accepted).toBeGreaterThan(100);
    expect(report.rejected).toBeGreaterThan(5000);
  });

  it('never evaluates input: no prototype pollution, no globals, from hostile keys', () => {
    const hostile = ['__proto__', 'constructor', 'prototype', '__proto__.polluted', 'constructor.prototype.polluted'];
    for (const k of hostile) {
      decodeExperiment(`#v=1&${encodeURIComponent(k)}=1&p0.${k}=1&${k}[polluted]=1`);
    }
    decodeExperiment('#v=1&seed=alert(1)&n=globalThis.pwned=1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });
});
