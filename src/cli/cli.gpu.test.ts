import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExperimentCpu } from '../engine/cpuRun';
import { runExperiment } from '../engine/run';
import { createKernels } from '../gpu/kernels';
import type { StatsChunk } from '../schema/chunk';
import type { Experiment } from '../schema/experiment';
import { nodeDevice } from '../testing/nodeGpu';
import { nodeModels } from '../testing/nodeModels';
import { decodeExperiment } from '../url/codec';
import { aggregate, sinkRates } from './aggregate';
import { statsPlan } from './batch';
import { lossAggregates, unflatten, type FlatRow, type Results } from './results';
import { STAT_NAMES, rowOf } from './stats';

/**
 * The built command line (dist-cli/attention-lab.mjs through bin/attention-lab.mjs), spawned as
 * a user would: it matches the engines it wraps, finishes a 50-input batch whose aggregates
 * recompute from its rows, and fails with one line and a non-zero code on bad input.
 */

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/attention-lab.mjs');
const bundle = join(root, 'dist-cli/attention-lab.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'attention-lab-cli-'));

function newestUnder(dir: string): number {
  let t = 0;
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    t = Math.max(t, f.isDirectory() ? newestUnder(p) : statSync(p).mtimeMs);
  }
  return t;
}

beforeAll(() => {
  // scripts/test.sh builds it first; rebuild here when run alone after an edit.
  const stale = !existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(newestUnder(join(root, 'src')), newestUnder(join(root, 'shaders')));
  if (stale) execFileSync('npx', ['vite', 'build', '--config', 'scripts/cli.vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}, 60_000);

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runJson(link: string, ...args: string[]): Results {
  const out = join(tmp, `r${Math.random().toString(36).slice(2)}.json`);
  const r = cli('run', link, '--out', out, '--quiet', ...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as Results;
}

/** Largest |a − b| over every statistic of matching rows (null must meet null). */
function maxDiff(a: readonly FlatRow[], b: readonly FlatRow[], stats = STAT_NAMES): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  a.forEach((x, i) => {
    const y = b[i] as FlatRow;
    expect([x.text, x.pane, x.layer, x.head]).toEqual([y.text, y.pane, y.layer, y.head]);
    for (const s of stats) {
      if (x[s] === null || y[s] === null) expect([s, x[s]]).toEqual([s, y[s]]);
      else m = Math.max(m, Math.abs((x[s] as number) - (y[s] as number)));
    }
  });
  return m;
}

/** The rows the engines give in this process for the same inputs. */
async function engineRows(exp: Experiment, seeds: number[], engine: 'gpu' | 'cpu'): Promise<FlatRow[]> {
  const kernels = engine === 'gpu' ? await createKernels((await nodeDevice()).device) : null;
  const rows: FlatRow[] = [];
  for (const [text, seed] of seeds.entries()) {
    const e = { ...exp, source: { ...exp.source, seed } };
    const chunks: StatsChunk[] = [];
    const ctx = { runId: 0, signal: new AbortController().signal, emit: (c: { kind: string }) => void (c.kind === 'stats' && chunks.push(c as StatsChunk)) };
    const plan = statsPlan({ index: text, seed, text: null, experiment: e });
    if (kernels) await runExperiment(kernels, e, plan, ctx);
    else await runExperimentCpu(e, plan, ctx);
    for (const c of chunks) {
      const r = rowOf(text, c);
      rows.push({ text: r.text, pane: r.pane, layer: r.layer, head: r.head, ...r.values } as FlatRow);
    }
  }
  return rows;
}

// Three panes (softmax, ACT, sigmoid) and a top-k mask, so every statistic column has values.
const SMALL = '#v=1&n=24&h=2&d=8&D=16&sink=3&mask=topk&k=4&p0=softmax&p1=act&p2=sigmoid';

describe('attention-lab run gives the engines\' numbers', () => {
  it('on Dawn it equals runExperiment, on the CPU runExperimentCpu; the two agree within 1e-4', async () => {
    const decoded = decodeExperiment(SMALL);
    if (!decoded.ok) throw new Error('bad fixture link');
    const exp = decoded.experiment;
    const gpu = runJson(SMALL, '--seeds', '1-2', '--device', 'gpu');
    const cpu = runJson(SMALL, '--seeds', '1-2', '--device', 'cpu');
    expect(gpu.device.backend).toBe('webgpu');
    expect(cpu.device.backend).toBe('cpu');
    expect(gpu.rows).toHaveLength(2 * 3 * 2);
    const dGpu = maxDiff(gpu.rows, await engineRows(exp, [1, 2], 'gpu'));
    const dCpu = maxDiff(cpu.rows, await engineRows(exp, [1, 2], 'cpu'));
    // float32 kernels against float64 twins; sink counts compared exactly
    const counts = ['sinks', 'nonInitialSinks', 'keysAboveEps', 'relativeSinks', 'sink1', 'anyKeyAboveEps', 'hasNonInitialSink'];
    expect(maxDiff(gpu.rows, cpu.rows, counts)).toBe(0);
    const dTwin = maxDiff(gpu.rows, cpu.rows);
    console.log(`CLI vs engine, max |Δ| over ${STAT_NAMES.length} statistics × ${gpu.rows.length} rows: Dawn ${dGpu}, CPU ${dCpu}, CLI gpu vs cpu ${dTwin.toExponential(2)}`);
    expect(dGpu).toBeLessThanOrEqual(1e-6);
    expect(dCpu).toBe(0);
    expect(dTwin).toBeLessThan(1e-4);
  }, 120_000);
});

describe('a batch of 50 inputs', () => {
  it('finishes, and its aggregates and sink rates equal a recomputation from its rows', () => {
    const t0 = performance.now();
    // One softmax pane: about 5 s on SwiftShader here (each more pane adds 8 s or more; the tests above cover panes).
    const r = runJson('#v=1&n=16&h=2&d=8&D=16&p0=softmax', '--seeds', '1-50');
    console.log(`50-input batch (n=16, 2 heads, 1 pane) on ${r.device.description}: ${(r.elapsedMs / 1000).toFixed(1)} s run, ${((performance.now() - t0) / 1000).toFixed(1)} s with start-up`);
    expect(r.texts.map((t) => t.seed)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(r.rows).toHaveLength(50 * 2);
    const rows = r.rows.map(unflatten);
    expect(r.aggregates).toEqual(JSON.parse(JSON.stringify(aggregate(rows, STAT_NAMES))));
    expect(r.sinkRates).toEqual(sinkRates(rows));
    const h = r.rows.filter((x) => x.head === 1).map((x) => x.meanEntropy as number);
    const agg = r.aggregates.find((a) => a.pane === 0 && a.head === 1 && a.stat === 'meanEntropy');
    expect(agg?.n).toBe(50);
    expect(agg?.mean).toBeCloseTo(h.reduce((s, x) => s + x, 0) / 50, 12);
  }, 120_000);

  it('writes CSV rows and aggregates; open links to the extreme head', () => {
    const out = join(tmp, 'b.csv');
    expect(cli('run', SMALL, '--seeds', '3-5', '--device', 'cpu', '--out', out).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(['text', 'input', 'pane', 'method', 'layer', 'head', ...STAT_NAMES].join(','));
    expect(lines).toHaveLength(1 + 3 * 3 * 2);
    expect(readFileSync(join(tmp, 'b.aggregates.csv'), 'utf8').split('\n')[0]).toBe('pane,method,layer,head,stat,n,mean,sd,min,max');
    const json = join(tmp, 'b.json');
    expect(cli('run', SMALL, '--seeds', '3-5', '--device', 'cpu', '--out', json, '--quiet').code).toBe(0);
    const res = JSON.parse(readFileSync(json, 'utf8')) as Results;
    const best = res.rows.filter((x) => x.pane === 0).reduce((a, b) => ((b.meanEntropy as number) < (a.meanEntropy as number) ? b : a));
    const o = cli('open', json, '--stat', 'meanEntropy', '--lowest', '--pane', '0', '--base', 'https://lab.example/');
    expect(o.code, o.stderr).toBe(0);
    const d = decodeExperiment(o.stdout.trim().replace('https://lab.example/', ''));
    expect(d.ok && [d.experiment.source.kind === 'synthetic' && d.experiment.source.seed, d.experiment.view.head, d.experiment.view.pane]).toEqual([res.texts[best.text]?.seed, best.head, 0]);
  }, 60_000);
});

describe('a model source (the shipped kjv-baseline) over texts', () => {
  const texts = join(tmp, 'texts.txt');
  writeFileSync(texts, 'In the beginning God created\nAnd God said, Let there be light\n');
  const one = join(tmp, 'one.json');
  writeFileSync(one, JSON.stringify(['In the beginning']));
  const MODEL = '#v=1&model=kjv-baseline&p0=softmax&p1=act&p1.heads=all'; // every head [lab]: the loss change is then sure to show

  it('--device cpu equals runExperimentCpu: rows of layer 2, the loss per pane, tokens', async () => {
    const r = runJson(MODEL, '--texts', texts, '--layers', '2', '--device', 'cpu');
    expect(r.texts.map((t) => [t.text, t.tokens])).toEqual([['In the beginning God created', 29], ['And God said, Let there be light', 33]]);
    expect(r.rows).toHaveLength(2 * 2 * 16);
    expect(new Set(r.rows.map((x) => x.layer))).toEqual(new Set([2]));
    const models = nodeModels();
    const want: FlatRow[] = [];
    const losses: number[] = [];
    for (const [text, t] of ['In the beginning God created', 'And God said, Let there be light'].entries()) {
      const dec = decodeExperiment(MODEL);
      if (!dec.ok || dec.experiment.source.kind !== 'model') throw new Error('bad fixture link');
      const e = { ...dec.experiment, source: { ...dec.experiment.source, text: t } };
      const plan = statsPlan({ index: text, seed: null, text: t, experiment: e }, [2]);
      await runExperimentCpu(e, plan, {
        runId: 0, signal: new AbortController().signal, models,
        emit: (c) => {
          if (c.kind === 'stats') {
            const row = rowOf(text, c);
            want.push({ text, pane: row.pane, layer: row.layer, head: row.head, ...row.values } as FlatRow);
          } else if (c.kind === 'loss') losses.push(c.meanLoss);
        },
      });
    }
    expect(maxDiff(r.rows, want)).toBe(0);
    expect(r.losses.map((l) => l.meanLoss)).toEqual(losses);
    expect(r.lossAggregates).toEqual(JSON.parse(JSON.stringify(lossAggregates(r.losses))));
    expect(r.losses.filter((l) => l.pane === 1).every((l) => (l.lossDelta as number) > 0)).toBe(true); // ACT on every head costs loss
  }, 60_000);

  it('--search: ACT\'s per-head loss change; selected heads are those with a mean change below 0', () => {
    const r = runJson(MODEL, '--texts', one, '--layers', '0', '--device', 'cpu', '--search');
    expect(r.search).toHaveLength(16);
    expect(r.search.every((x) => x.layer === 0 && x.pane === 1 && typeof x.lossDelta === 'number')).toBe(true);
    expect(r.searchSummary.filter((x) => x.selected).map((x) => x.head)).toEqual(r.search.filter((x) => (x.lossDelta as number) < 0).map((x) => x.head));
  }, 60_000);

  it('--device gpu (Dawn) agrees with --device cpu within 1e-4 on statistics and loss', () => {
    const args = ['--texts', one, '--layers', '2'];
    const link = '#v=1&model=kjv-baseline&p0=softmax&p1=temperature';
    const gpu = runJson(link, ...args, '--device', 'gpu');
    const cpu = runJson(link, ...args, '--device', 'cpu');
    const d = maxDiff(gpu.rows, cpu.rows);
    const dLoss = Math.max(...gpu.losses.map((l, i) => Math.abs((l.meanLoss as number) - (cpu.losses[i]?.meanLoss as number))));
    console.log(`model source, layer 2 × 16 heads × 2 panes: max |Δ| GPU vs CPU ${d.toExponential(2)} (statistics), ${dLoss.toExponential(2)} nats (loss per pane)`);
    expect(d).toBeLessThan(1e-4);
    expect(dLoss).toBeLessThan(1e-4);
  }, 120_000);
});

describe('the shipped Llama model (kjv-llama) on the command line', () => {
  const one = join(tmp, 'one-llama.json');
  writeFileSync(one, JSON.stringify(['In the beginning God created']));

  // The float64 engine (GPU against float64 for this model is src/engine/llamaRun.gpu.test.ts; a
  // Dawn run of it here takes minutes on SwiftShader).
  it('--device cpu: the 8 query heads of layer 4, the loss with the [lab] σ-rescale (γ = 1, set) inside', () => {
    const r = runJson('#v=1&model=kjv-llama&p0=softmax&p1=sigma&p1.gamma=set&p1.iters=2&p1.start=ones', '--texts', one, '--layers', '4', '--device', 'cpu');
    expect(r.texts.map((t) => t.tokens)).toEqual([29]);
    expect(r.rows).toHaveLength(2 * 8);
    expect(new Set(r.rows.map((x) => x.head))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
    const plain = r.losses.find((l) => l.pane === 0)?.meanLoss as number;
    expect(plain).toBeGreaterThan(0.3);
    expect(plain).toBeLessThan(3);
    expect(Math.abs((r.losses.find((l) => l.pane === 1)?.meanLoss as number) - plain)).toBeGreaterThan(1e-3);
  }, 60_000);
});

describe('bad arguments and files: one line, a non-zero code, no stack', () => {
  const bad = join(tmp, 'bad.json');
  writeFileSync(bad, '{"version": 1, "source": {}}');
  const notJson = join(tmp, 'x.json');
  writeFileSync(notJson, 'hello');
  const cases: [string[], number, RegExp][] = [
    [[], 2, /command line/],
    [['frob'], 2, /unknown command/],
    [['run'], 2, /needs an experiment/],
    [['run', '#v=1', '--device', 'tpu'], 2, /--device tpu/],
    [['run', '#v=9'], 2, /version 9/],
    [['run', 'missing.json'], 2, /neither a file nor a lab link/],
    [['run', '#v=1', '--texts', 'texts.txt'], 2, /model source/],
    [['run', bad], 1, /not hold a valid experiment/],
    [['run', notJson], 1, /neither JSON nor a lab link/],
    [['run', '#v=1&n=300', '--device', 'cpu'], 1, /N ≤ 256/],
    [['run', '#v=1', '--out', '/no/such/dir/r.json'], 1, /does not exist/],
    [['open', notJson], 1, /not JSON/],
    [['open', bad], 1, /not an attention-lab results file/],
    [['open', 'r.csv'], 2, /JSON results/],
    [['run', '#v=1&model=kjv-baseline', '--seeds', '1-3'], 2, /--seeds needs a synthetic source/],
    [['run', '#v=1&model=kjv-baseline', '--layers', '6'], 2, /layer 6 is outside/],
    [['run', '#v=1&model=gpt2', '--device', 'cpu'], 1, /--model-file/],
    [['run', '#v=1&model=kjv-baseline', '--texts', 'none.txt'], 1, /no such file/],
    [['run', '#v=1&model=kjv-baseline&p0=softmax', '--search'], 2, /needs an ACT pane/],
  ];
  it.each(cases)('%j exits %i', (args, code, re) => {
    const r = cli(...args);
    expect(r.code).toBe(code);
    const ours = r.stderr.split('\n').filter((l) => l.startsWith('attention-lab'));
    expect(ours[0]).toMatch(re);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
