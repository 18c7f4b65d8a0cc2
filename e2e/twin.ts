/** The CPU side of e2e checks: what the page should show, from the float64 twins. */
import { generateHead } from '../src/engine/synthetic';
import { attnScores } from '../src/reference/attnScores';
import { entropyMeans, rowEntropy } from '../src/reference/rowEntropy';
import { softmaxRows } from '../src/reference/softmaxRows';
import { decodeExperiment } from '../src/url/codec';
import type { Experiment } from '../src/schema/experiment';

export function experimentOf(hash: string): Experiment {
  const d = decodeExperiment(hash);
  if (!d.ok) throw new Error(`bad fixture link ${hash}: ${d.issues.map((i) => i.message).join('; ')}`);
  return d.experiment;
}

/** Mean row entropy (nats) of every head, computed in float64 on the CPU. */
export function twinHeadEntropies(exp: Experiment): number[] {
  const { seqLen: n, headDim: d, heads } = exp.source;
  return Array.from({ length: heads }, (_, h) => {
    const { q, k } = generateHead(exp.source, h);
    return entropyMeans(rowEntropy(softmaxRows(attnScores(q, k, n, d), n), n)).all;
  });
}
