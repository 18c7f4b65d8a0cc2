/**
 * Precomputes every lesson preset's per-head statistics and thumbnails with the CPU engine (the
 * float64 twins) into public/presets/<id>.json, so a preset shows its numbers the moment it is
 * opened — before the GPU run, and on browsers without WebGPU. Maps are left to the live run.
 * Run: npm run precompute (a test fails when the files are stale); PRESET=<id> redoes one preset.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runExperimentCpu } from '../src/engine/cpuRun';
import { loadPresets } from '../src/presets/presets';
import { encodePrecomputed } from '../src/presets/precomputed';
import type { Chunk } from '../src/schema/chunk';
import { fullPlan } from '../src/schema/plan';
import { nodeModels } from '../src/testing/nodeModels';

const out = resolve(process.cwd(), 'public/presets');
mkdirSync(out, { recursive: true });
const models = nodeModels(resolve(process.cwd(), 'public'));
for (const p of loadPresets().filter((x) => !process.env.PRESET || x.id === process.env.PRESET)) {
  const chunks: Chunk[] = [];
  const plan = { ...fullPlan(p.experiment), fullHead: null };
  await runExperimentCpu(p.experiment, plan, { runId: 0, signal: new AbortController().signal, emit: (c) => void chunks.push(c), models });
  const file = resolve(out, `${p.id}.json`);
  writeFileSync(file, encodePrecomputed(p.link, chunks));
  console.log(`${p.id}: ${chunks.length} chunks → ${file}`);
}
