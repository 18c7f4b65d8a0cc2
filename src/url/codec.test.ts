import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../engine/random';
import { DEFAULT_EXPERIMENT, HIDEABLE, asSynthetic, type Experiment } from '../schema/experiment';
import { LIMITS } from '../schema/limits';
import { MAX_PANES, METHOD_IDS, METHOD_PARAMS, type MethodSpec } from '../schema/methods';
import { MAX_HASH_LENGTH, decodeExperiment, encodeExperiment } from './codec';

function randomExperiment(rng: () => number): Experiment {
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const seqLen = int(1, LIMITS.seqLen.max);
  const heads = int(1, LIMITS.heads.max);
  const panes: MethodSpec[] = Array.from({ length: int(1, MAX_PANES) }, () => {
    const id = METHOD_IDS[int(0, METHOD_IDS.length - 1)] ?? 'softmax';
    const params: Record<string, number | string> = {};
    for (const p of METHOD_PARAMS[id]) {
      params[p.key] = p.kind === 'heads'
        ? (rng() < 0.5 ? '' : Array.from({ length: int(1, 5) }, () => `${int(0, 11)}.${int(0, 15)}`).join('_'))
        : p.kind === 'enum'
        ? (p.options[int(0, p.options.length - 1)] as string)
        : p.kind === 'int' ? int(p.min, Math.min(p.max, p.min + 50)) : Math.round((p.min + rng() * (p.max - p.min)) * 1000) / 1000;
    }
    return { id, params };
  });
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
      modelDim: int(4, 256),
      weightScale: Math.round((0.05 + rng() * 7.95) * 100) / 100,
    },
    analysis: {
      sinks: {
        tau: Math.round(rng() * 500) / 1000,
        eps: Math.round(rng() * 100) / 100,
        kappa: 1 + Math.round(rng() * 190) / 10,
        minSupport: int(1, 64),
      },
      mask: {
        kind: (['none', 'topk', 'mass', 'window', 'block'] as const)[int(0, 4)] ?? 'none',
        k: int(1, 64),
        gamma: Math.round((0.5 + rng() * 0.499) * 1000) / 1000,
        window: int(1, 256),
        sinks: int(0, 8),
        block: int(1, 64),
        nzRatio: Math.round((0.05 + rng() * 0.95) * 100) / 100,
      },
    },
    view: {
      layer: 0,
      head: int(0, heads - 1),
      pane: int(0, panes.length - 1),
      scale: (['linear', 'log', 'gamma'] as const)[int(0, 2)] ?? 'linear',
      gamma: Math.round((0.1 + rng() * 2.9) * 100) / 100,
      reduce: rng() < 0.5 ? 'max' : 'mean',
      units: rng() < 0.5 ? 'nats' : 'bits',
      diff: panes.length >= 2 && rng() < 0.7 ? [panes.length - 1, 0] : null,
      hidden: HIDEABLE.filter(() => rng() < 0.2),
      present: rng() < 0.2,
      zoom: rng() < 0.3 ? (() => {
        const q1 = int(1, seqLen);
        const q0 = int(0, q1 - 1);
        const k0 = int(0, q1 - 1);
        return { q0, q1, k0, k1: int(k0 + 1, seqLen) };
      })() : null,
    },
    methods: panes,
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
      '#v=1&seed=12&n=48&h=6&d=16&sink=0&ss=3&sharp=1&D=32&ws=1&tau=0.1&eps=0.3&kappa=3&minsup=4' +
        '&mask=none&k=8&mass=0.9&win=8&wsinks=4&block=8&nz=0.5' +
        '&layer=0&head=0&pane=0&scale=linear&gamma=0.5&reduce=max&units=nats&diff=1-0' +
        '&p0=softmax&p1=act&p1.tau=0.1&p1.beta=0.4&p1.exempt=first&p1.rule=absolute&p1.kappa=3&p1.minsup=4&p1.heads=auto',
    );
  });

  it('reads panes with default parameters and a default diff', () => {
    const r = decodeExperiment('#v=1&p0=softmax&p1=temperature&p1.c=0.25&p2=sigma');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.experiment.methods.map((m) => m.id)).toEqual(['softmax', 'temperature', 'sigma']);
    expect(r.experiment.methods[1]?.params.c).toBe(0.25);
    expect(r.experiment.methods[2]?.params.gq).toBe(1);
    expect(r.experiment.view.diff).toEqual([1, 0]);
  });

  it('reads a short link, taking defaults for absent keys', () => {
    const r = decodeExperiment('#v=1&n=12&mask=topk&k=3');
    expect(r.ok && r.experiment.analysis.mask).toEqual({ ...DEFAULT_EXPERIMENT.analysis.mask, kind: 'topk', k: 3 });
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
    ['#v=1&mask=<svg/onload=alert(1)>', 'mask'],
    ['#v=1&mask=dense', 'mask'],
    ['#v=1&scale=sqrt', 'scale'],
    ['#v=1&tau=0.9', 'tau'],
    ['#v=1&mass=0', 'mass'],
    ['#v=1&p0=magic', 'p0'],
    ['#v=1&p0=act&p0.beta=2', 'p0.beta'],
    ['#v=1&p0=act&p0.exempt=all', 'p0.exempt'],
    ['#v=1&p0=act&p0.zeta=1', 'p0.zeta'],
    ['#v=1&p0=softmax&diff=1-0', 'diff'],
    ['#v=1&diff=x', 'diff'],
    ['#v=1&ws=0', 'ws'],
    ['#v=1&hide=seed,everything', 'hide'],
    ['#v=1&present=yes', 'present'],
    ['#v=1&n=10&zoom=0-5,6-9', 'zoom'],
    ['#v=1&n=10&zoom=0-11,0-5', 'zoom'],
    ['#v=1&zoom=a-b', 'zoom'],
  ])('rejects %s with a message about %s', (hash, field) => {
    const r = decodeExperiment(hash);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues.map((i) => i.field)).toContain(field);
      for (const i of r.issues) expect(i.message.length).toBeGreaterThan(5);
    }
  });

  it('refuses an over-long hash instead of truncating it', () => {
    const r = decodeExperiment(`#v=1&x=${'a'.repeat(MAX_HASH_LENGTH + 1)}`);
    expect(r.ok).toBe(false);
  });

  it('round-trips a model source with any text, and names a bad model or text', () => {
    const text = 'In the beginning & the end = "ἐν ἀρχῇ" 🙂\n#not a key';
    const exp: Experiment = { ...DEFAULT_EXPERIMENT, source: { kind: 'model', model: 'kjv-sigma', text }, view: { ...DEFAULT_EXPERIMENT.view, layer: 5, head: 15 } };
    const hash = encodeExperiment(exp);
    expect(hash).toContain('model=kjv-sigma');
    expect(hash).not.toContain('seed=');
    const back = decodeExperiment(hash);
    expect(back.ok && back.experiment).toEqual(exp);
    const bad = decodeExperiment('#v=1&model=gpt5&text=hi');
    expect(!bad.ok && bad.issues[0]?.field).toBe('model');
    const layer = decodeExperiment('#v=1&model=kjv-baseline&text=hi&layer=6');
    expect(!layer.ok && layer.issues[0]?.field).toBe('layer');
    const empty = decodeExperiment('#v=1&model=kjv-baseline&text=');
    expect(!empty.ok && empty.issues[0]?.field).toBe('text');
    const mixed = decodeExperiment('#v=1&model=kjv-baseline&text=hi&seed=4');
    expect(mixed.ok && mixed.warnings[0]?.field).toBe('seed');
  });

  it('warns about unknown keys but keeps the rest', () => {
    const r = decodeExperiment('#v=1&n=12&colour=red');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(asSynthetic(r.experiment).source.seqLen).toBe(12);
      expect(r.warnings[0]?.field).toBe('colour');
    }
  });
});
