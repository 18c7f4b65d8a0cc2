/**
 * A seeded mutation fuzzer for parsers that must never throw or hang: the link codec now, file
 * importers later. A target says how to run one input and whether it was accepted; mutators turn
 * a valid seed into a hostile variant. Every case is timed; the report counts per mutator.
 */
import { mulberry32, type Rng } from '../engine/random';

/** What a parser said about one input: accepted, or rejected with messages. */
export type Verdict = { ok: true } | { ok: false; messages: readonly string[] };

export interface Mutator<T> {
  readonly name: string;
  readonly mutate: (input: T, rng: Rng) => T;
}

export interface FuzzTarget<T> {
  /** Valid inputs the mutators start from. */
  readonly seeds: readonly T[];
  readonly mutators: readonly Mutator<T>[];
  /** Parses one input. Must not throw: a throw is counted as a crash. */
  readonly run: (input: T) => Verdict;
  /** Extra property of an accepted input (round trip, say); a string is a failure message. */
  readonly check?: (input: T) => string | null;
}

export interface CategoryCount {
  cases: number;
  accepted: number;
  rejected: number;
}

export interface FuzzReport<T> {
  readonly cases: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Inputs that threw. */
  readonly crashes: { input: T; error: string }[];
  /** Rejections without a message a user could read. */
  readonly silentRejections: T[];
  /** Accepted inputs that failed `check`. */
  readonly propertyFailures: { input: T; why: string }[];
  /** Inputs slower than `maxMs`. */
  readonly slow: { input: T; ms: number }[];
  readonly maxMs: number;
  readonly totalMs: number;
  readonly byMutator: Record<string, CategoryCount>;
}

/**
 * Runs `casesPerMutator` cases per mutator (plus as many random chains of 2–4 mutators,
 * reported as 'chain'), reproducibly from `seed`.
 */
export function fuzz<T>(
  target: FuzzTarget<T>,
  opts: { casesPerMutator: number; seed: number; slowMs: number },
): FuzzReport<T> {
  const rng = mulberry32(opts.seed);
  const pick = <U>(xs: readonly U[]): U => xs[Math.floor(rng() * xs.length)] as U;
  const report: FuzzReport<T> = {
    cases: 0, accepted: 0, rejected: 0, crashes: [], silentRejections: [], propertyFailures: [],
    slow: [], maxMs: 0, totalMs: 0, byMutator: {},
  };
  const one = (category: string, input: T) => {
    const count = (report.byMutator[category] ??= { cases: 0, accepted: 0, rejected: 0 });
    count.cases++;
    (report as { cases: number }).cases++;
    const t0 = performance.now();
    let verdict: Verdict;
    try {
      verdict = target.run(input);
    } catch (e) {
      report.crashes.push({ input, error: e instanceof Error ? e.message : String(e) });
      return;
    } finally {
      const ms = performance.now() - t0;
      (report as { totalMs: number }).totalMs += ms;
      (report as { maxMs: number }).maxMs = Math.max(report.maxMs, ms);
      if (ms > opts.slowMs) report.slow.push({ input, ms });
    }
    if (verdict.ok) {
      count.accepted++;
      (report as { accepted: number }).accepted++;
      const why = target.check?.(input) ?? null;
      if (why) report.propertyFailures.push({ input, why });
    } else {
      count.rejected++;
      (report as { rejected: number }).rejected++;
      if (verdict.messages.length === 0 || verdict.messages.some((m) => m.trim().length < 5)) {
        report.silentRejections.push(input);
      }
    }
  };
  for (const m of target.mutators) {
    for (let i = 0; i < opts.casesPerMutator; i++) one(m.name, m.mutate(pick(target.seeds), rng));
  }
  for (let i = 0; i < opts.casesPerMutator; i++) {
    let x = pick(target.seeds);
    const steps = 2 + Math.floor(rng() * 3);
    for (let s = 0; s < steps; s++) x = pick(target.mutators).mutate(x, rng);
    one('chain', x);
  }
  return report;
}
