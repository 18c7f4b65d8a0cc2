import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunArgs } from './args';
import { runBatch, workOf } from './batch';
import { openEngine } from './device';
import { runtimeError } from './errors';
import { loadExperiment, makeJobs } from './input';
import { say, type Io } from './io';
import { Progress } from './progress';
import { aggregatesCsv, aggregatesPath, buildResults, resultsJson, rowsCsv, type Results } from './results';

/**
 * `attention-lab run`: read the experiment and the batch, pick the device, run every input, write
 * the results and a short summary on stderr (the heads most often holding a sink).
 */

function checkOut(path: string): void {
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw runtimeError(`--out ${path}: folder ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw runtimeError(`--out ${path} is a folder`);
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw runtimeError(`cannot write ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** A few lines for stderr: per pane, the heads with the highest Gu et al. sink rate over the inputs. */
export function summaryLines(r: Results, top = 3): string[] {
  const lines: string[] = [];
  for (const p of r.panes) {
    const heads = r.sinkRates.filter((s) => s.pane === p.pane);
    const best = [...heads].sort((a, b) => b.gu - a.gu || b.nonInitial - a.nonInitial || a.layer - b.layer || a.head - b.head).slice(0, top);
    const entropy = r.aggregates.filter((a) => a.pane === p.pane && a.stat === 'meanEntropy' && a.mean !== null);
    const meanH = entropy.reduce((s, a) => s + (a.mean as number), 0) / Math.max(1, entropy.length);
    lines.push(
      `pane ${p.pane} ${p.method}: mean entropy ${meanH.toFixed(3)} nats; sink rate (α>ε) ` +
        best.map((s) => `L${s.layer}H${s.head} ${(100 * s.gu).toFixed(0)}% (non-initial ${(100 * s.nonInitial).toFixed(0)}%)`).join(', '),
    );
  }
  return lines;
}

export async function runCommand(a: RunArgs, io: Io): Promise<void> {
  const exp = loadExperiment(a.experiment);
  const jobs = makeJobs(exp, a.seeds, a.texts);
  if (a.out) checkOut(a.out);
  const engine = await openEngine(a.device);
  say(io, engine.describe);
  const t0 = performance.now();
  const progress = new Progress(jobs.reduce((s, j) => s + workOf(j), 0), jobs.length, io.err, !a.quiet);
  let rows;
  try {
    rows = await runBatch(engine, jobs, progress);
  } finally {
    progress.end();
    engine.dispose();
  }
  const elapsedMs = performance.now() - t0;
  const results = buildResults(exp, jobs, rows, engine.adapter, elapsedMs);
  const layers = new Set(rows.map((r) => r.layer)).size;
  const where = a.out ?? 'stdout';
  if (a.out === null) io.out(resultsJson(results));
  else if (/\.csv$/i.test(a.out)) {
    write(a.out, rowsCsv(results));
    write(aggregatesPath(a.out), aggregatesCsv(results));
  } else write(a.out, resultsJson(results));
  if (!a.quiet) {
    say(io, `${jobs.length} inputs × ${exp.methods.length} panes × ${layers} layer${layers === 1 ? '' : 's'} × ${exp.source.heads} heads = ${rows.length} rows in ${(elapsedMs / 1000).toFixed(1)} s → ${where}${a.out && /\.csv$/i.test(a.out) ? ` and ${aggregatesPath(a.out)}` : ''}`);
    for (const l of summaryLines(results)) say(io, l);
  }
}
