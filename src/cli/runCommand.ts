import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunArgs } from './args';
import { runBatch, statsPlan } from './batch';
import { openEngine } from './device';
import { runtimeError } from './errors';
import { checkWritable } from './fileChecks';
import { loadExperiment, makeJobs } from './input';
import { say, type Io } from './io';
import { Progress } from './progress';
import { actPanes, runSearch, type SearchRow } from './search';
import { parseIntList } from './args';
import { nodeModelProvider } from './nodeModels';
import { aggregatesCsv, aggregatesPath, buildResults, lossesCsv, resultsJson, rowsCsv, type Results } from './results';

/**
 * `attention-lab run`: read the experiment and the batch, pick the device, run every input, write
 * the results and a short summary on stderr (the heads most often holding a sink).
 */

/** Every file --out will write can be written: checked before the batch, not after it. */
function checkOut(path: string): void {
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw runtimeError(`--out ${path}: folder ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw runtimeError(`--out ${path} is a folder`);
  checkWritable(path, '--out');
  if (/\.csv$/i.test(path)) for (const extra of [aggregatesPath(path), aggregatesPath(path, 'losses')]) checkWritable(extra, '--out');
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw runtimeError(`cannot write ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/**
 * A few lines for stderr: per pane, the loss and mean entropy, each sink rate with its rule and
 * threshold (Gu et al.'s Sink₁^ε first), and the heads with the highest Sink₁ share over the inputs.
 */
export function summaryLines(r: Results, top = 3): string[] {
  const lines: string[] = [];
  const pct = (x: number) => `${x.toFixed(1)}%`;
  for (const p of r.panes) {
    const heads = r.sinkRates.filter((s) => s.pane === p.pane);
    const best = [...heads].sort((a, b) => b.sink1 - a.sink1 || b.anyKey - a.anyKey || a.layer - b.layer || a.head - b.head).slice(0, top);
    const entropy = r.aggregates.filter((a) => a.pane === p.pane && a.stat === 'meanEntropy' && a.mean !== null);
    const meanH = entropy.reduce((s, a) => s + (a.mean as number), 0) / Math.max(1, entropy.length);
    const loss = r.lossAggregates.find((a) => a.pane === p.pane && a.stat === 'meanLoss');
    const rates = r.paneSinkRates.filter((s) => s.pane === p.pane)
      .map((s) => `${s.name} ${pct(s.percent)} (${s.rule}, ${s.threshold.name} = ${s.threshold.value}, over ${s.of} input×layer×head)`);
    lines.push(
      `pane ${p.pane} ${p.method}: ${loss?.mean != null ? `loss ${loss.mean.toFixed(4)} nats/token; ` : ''}mean entropy ${meanH.toFixed(3)} nats\n` +
        `  ${rates.join('\n  ')}\n` +
        `  heads by Sink₁ share of inputs: ${best.map((s) => `L${s.layer}H${s.head} ${(100 * s.sink1).toFixed(0)}%`).join(', ')}`,
    );
  }
  return lines;
}

export async function runCommand(a: RunArgs, io: Io): Promise<void> {
  const exp = loadExperiment(a.experiment);
  const jobs = makeJobs(exp, a.seeds, a.texts);
  const layers = a.layers === null ? null : parseIntList('layers', a.layers, 1000);
  if (jobs[0]) statsPlan(jobs[0], layers); // checks --layers before any device work
  if (a.search && jobs[0]) actPanes(jobs[0]);
  if (a.out) checkOut(a.out);
  const models = exp.source.kind === 'model' ? nodeModelProvider({ modelFile: a.modelFile }) : undefined;
  if (models && exp.source.kind === 'model') await models.load(exp.source.model); // a missing file fails before the device starts
  const engine = await openEngine(a.device);
  say(io, engine.describe);
  const t0 = performance.now();
  const progress = new Progress(jobs.length, io.err, !a.quiet);
  let batch;
  let search: SearchRow[] = [];
  try {
    batch = await runBatch(engine, jobs, progress, { layers, ...(models ? { models } : {}) });
    if (a.search && models) {
      const units = layers === null ? undefined : statsPlan(jobs[0] as (typeof jobs)[number], layers).heads as number[];
      const searching = new Progress(jobs.length, io.err, !a.quiet);
      if (!a.quiet) say(io, 'ACT head search (one forward pass per head):');
      search = await runSearch(engine, jobs, units, models, (t) => searching.update(t / jobs.length, t));
      searching.end();
    }
  } finally {
    progress.end();
    engine.dispose();
  }
  const elapsedMs = performance.now() - t0;
  const results = buildResults(exp, jobs, batch, engine.adapter, elapsedMs, search);
  const rows = batch.rows;
  const nLayers = new Set(rows.map((r) => r.layer)).size;
  const nHeads = new Set(rows.map((r) => r.head)).size;
  const csvOut = a.out !== null && /\.csv$/i.test(a.out);
  const extra = csvOut ? [aggregatesPath(a.out as string), ...(batch.losses.length ? [aggregatesPath(a.out as string, 'losses')] : [])] : [];
  if (a.out === null) io.out(resultsJson(results));
  else if (csvOut) {
    write(a.out, rowsCsv(results));
    write(aggregatesPath(a.out), aggregatesCsv(results));
    if (batch.losses.length) write(aggregatesPath(a.out, 'losses'), lossesCsv(results));
  } else write(a.out, resultsJson(results));
  if (!a.quiet) {
    say(io, `${jobs.length} inputs × ${exp.methods.length} panes × ${nLayers} layer${nLayers === 1 ? '' : 's'} × ${nHeads} heads = ${rows.length} rows in ${(elapsedMs / 1000).toFixed(1)} s → ${[a.out ?? 'stdout', ...extra].join(', ')}`);
    for (const l of summaryLines(results)) say(io, l);
    for (const p of new Set(results.searchSummary.map((s) => s.pane))) {
      const sel = results.searchSummary.filter((s) => s.pane === p && s.selected).sort((x, y) => (x.mean as number) - (y.mean as number));
      say(io, `ACT head search, pane ${p}: ${sel.length} head${sel.length === 1 ? '' : 's'} selected (mean loss change < 0)${sel.length ? `: ${sel.slice(0, 8).map((s) => `L${s.layer}H${s.head} ${(s.mean as number).toFixed(4)}`).join(', ')}${sel.length > 8 ? ', …' : ''}` : ''}`);
    }
  }
}
