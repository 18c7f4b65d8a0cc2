/** The CPU side of e2e checks: what the page should show, from the float64 twins. */
import { cpuHeadStats, type CpuHeadStats } from '../src/engine/cpuStats';
import { asSynthetic, type SyntheticExperiment } from '../src/schema/experiment';
import { decodeExperiment } from '../src/url/codec';

export function experimentOf(hash: string): SyntheticExperiment {
  const d = decodeExperiment(hash);
  if (!d.ok) throw new Error(`bad fixture link ${hash}: ${d.issues.map((i) => i.message).join('; ')}`);
  return asSynthetic(d.experiment);
}

/** Every statistic of one head, in float64 on the CPU. */
export function twinHeadStats(exp: SyntheticExperiment, head: number): CpuHeadStats {
  return cpuHeadStats(exp.source, head, exp.analysis);
}

/** Mean row entropy (nats) of every head. */
export function twinHeadEntropies(exp: SyntheticExperiment): number[] {
  return Array.from({ length: exp.source.heads }, (_, h) => twinHeadStats(exp, h).meanEntropy);
}
