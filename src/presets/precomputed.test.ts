import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runExperimentCpu } from '../engine/cpuRun';
import type { Chunk, StatsChunk } from '../schema/chunk';
import { asSynthetic, sourceShape } from '../schema/experiment';
import { nodeModels } from '../testing/nodeModels';
import { fullPlan } from '../schema/plan';
import { decodePrecomputed, encodePrecomputed } from './precomputed';
import { loadPresets } from './presets';

describe('precomputed preset results (public/presets, npm run precompute)', () => {
  for (const p of loadPresets()) {
    it(`${p.id} is current: its statistics equal a fresh CPU-engine run`, async () => {
      const file = decodePrecomputed(readFileSync(new URL(`../../public/presets/${p.id}.json`, import.meta.url), 'utf8'));
      if (!file) throw new Error(`public/presets/${p.id}.json is missing or malformed: run npm run precompute`);
      expect(file.link).toBe(p.link);
      const fresh: Chunk[] = [];
      await runExperimentCpu(p.experiment, { ...fullPlan(p.experiment), fullHead: null }, { runId: 0, signal: new AbortController().signal, emit: (c) => void fresh.push(c), models: nodeModels() });
      const want = fresh.filter((c): c is StatsChunk => c.kind === 'stats');
      const got = file.chunks.filter((c): c is StatsChunk => c.kind === 'stats');
      expect(got).toHaveLength(want.length);
      got.forEach((g, i) => {
        const w = want[i] as StatsChunk;
        expect([g.pane, g.layer, g.head]).toEqual([w.pane, w.layer, w.head]);
        expect(Math.abs(g.meanEntropy - w.meanEntropy)).toBeLessThan(1e-6);
        expect(g.sinks).toEqual(w.sinks);
        g.rowEntropy.forEach((x, r) => expect(Math.abs(x - (w.rowEntropy[r] as number))).toBeLessThan(1e-5));
      });
      const heads = p.experiment.source.kind === 'synthetic' ? asSynthetic(p.experiment).source.heads : (sourceShape(p.experiment.source).heads ?? 0);
      expect(file.chunks.filter((c) => c.kind === 'map')).toHaveLength(p.experiment.methods.length * heads); // one layer's thumbnails
    });
  }

  it('round-trips typed arrays and non-finite numbers, and rejects garbage', () => {
    const chunk = { kind: 'stats', pane: 0, head: 1, rowEntropy: new Float32Array([0, 0.5]), meanKL: Infinity } as unknown as Chunk;
    const back = decodePrecomputed(encodePrecomputed('#v=1', [chunk]));
    expect(back?.chunks[0]).toMatchObject({ head: 1, meanKL: Infinity });
    expect((back?.chunks[0] as unknown as { rowEntropy: Float32Array }).rowEntropy).toEqual(new Float32Array([0, 0.5]));
    expect(decodePrecomputed('{"link": 1}')).toBeNull();
    expect(decodePrecomputed('not json')).toBeNull();
  });
});
