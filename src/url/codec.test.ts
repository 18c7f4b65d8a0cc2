import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../engine/random';
import { DEFAULT_EXPERIMENT, type Experiment } from '../schema/experiment';
import { LIMITS } from '../schema/limits';
import { decodeExperiment, encodeExperiment } from './codec';

function randomExperiment(rng: () => number): Experiment {
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const seqLen = int(1, LIMITS.seqLen.max);
  const heads = int(1, LIMITS.heads.max);
  return {
    version: 1,
    source: {
      kind: 'synthetic',
      seed: int(0, 2 ** 32 - 1),
      seqLen,
      heads,
      headDim: int(1, LIMITS.headDim.max),
      sinkPos: rng() < 0.2 ? null : int(0, seqLen - 1),
      sinkStrength: Math.round(rng() * 12 * 100) / 100,
      sharpness: Math.round(rng() * 4 * 1000) / 1000,
    },
    view: { layer: 0, head: int(0, heads - 1) },
  };
}

describe('URL codec', () => {
  it('round-trips 2,000 random valid experiments exactly', () => {
    const rng = mulberry32(42);
    for (let t = 0; t < 2000; t++) {
      const exp = randomExperiment(rng);
      const back = decodeExperiment(encodeExperiment(exp));
      expect(back).toEqual({ ok: true, experiment: exp, warnings: [] });
    }
  });

  it('reads an empty hash as the default experiment', () => {
    expect(decodeExperiment('')).toEqual({ ok: true, experiment: DEFAULT_EXPERIMENT, warnings: [] });
    expect(decodeExperiment('#')).toMatchObject({ ok: true, experiment: DEFAULT_EXPERIMENT });
  });

  it('uses readable keys', () => {
    expect(encodeExperiment(DEFAULT_EXPERIMENT)).toBe(
      '#v=1&seed=7&n=48&h=6&d=16&sink=0&ss=3&sharp=1&layer=0&head=0',
    );
  });

  it.each([
    ['#v=2&n=8', 'v'],
    ['#n=8', 'v'],
    ['#v=1&n=abc', 'n'],
    ['#v=1&n=0', 'n'],
    ['#v=1&n=100000', 'n'],
    ['#v=1&n=8&sink=8', 'sink'],
    ['#v=1&h=4&head=4', 'head'],
    ['#v=1&d=2.5', 'd'],
    ['#v=1&ss=1e400', 'ss'],
    ['#v=1&sharp=-1', 'sharp'],
    ['#v=1&seed=<script>', 'seed'],
  ])('rejects %s with a message about %s', (hash, field) => {
    const r = decodeExperiment(hash);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues.map((i) => i.field)).toContain(field);
      for (const i of r.issues) expect(i.message.length).toBeGreaterThan(5);
    }
  });

  it('refuses an over-long hash instead of truncating it', () => {
    const r = decodeExperiment(`#v=1&x=${'a'.repeat(9000)}`);
    expect(r.ok).toBe(false);
  });

  it('warns about unknown keys but keeps the rest', () => {
    const r = decodeExperiment('#v=1&n=12&colour=red');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.experiment.source.seqLen).toBe(12);
      expect(r.warnings[0]?.field).toBe('colour');
    }
  });
});
