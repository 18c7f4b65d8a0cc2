import { describe, expect, it } from 'vitest';
import { decodeExperiment } from './codec';

const issuesOf = (hash: string) => {
  const d = decodeExperiment(hash);
  return d.ok ? d.warnings : d.issues;
};

describe('bad links are reported key by key, in words', () => {
  it('every bad key at once: values that do not parse and values out of range', () => {
    const d = decodeExperiment('#v=1&n=abc&h=xyz&seed=-5');
    expect(d.ok).toBe(false);
    expect(issuesOf('#v=1&n=abc&h=xyz&seed=-5').map((i) => i.field)).toEqual(['n', 'h', 'seed']);
  });

  it('p1.tau=abc is refused in words (it was dropped silently)', () => {
    expect(issuesOf('#v=1&p0=softmax&p1=act&p1.tau=abc')).toEqual([{ field: 'p1.tau', message: expect.stringMatching(/^p1\.tau=abc: act's .* must be a number from 0 to 0\.5/) }]);
  });

  it('duplicate keys and panes past a gap are reported, not dropped without a word', () => {
    const dup = decodeExperiment('#v=1&n=40&n=50');
    expect(dup.ok && dup.warnings).toEqual([{ field: 'n', message: 'n appears 2 times; the first (40) is used' }]);
    expect(issuesOf('#v=1&p0=softmax&p2=act&p2.tau=0.2').map((i) => i.message)).toEqual([
      'p2 follows no p1: panes are numbered p0, p1, … with none missing',
      'p2.tau follows no p1: panes are numbered p0, p1, … with none missing',
    ]);
  });

  it('a 40,000-character link of junk keys gives a handful of notices, not thousands', () => {
    const unknown = issuesOf(`#v=1&${Array.from({ length: 5000 }, (_, i) => `k${i}=1`).join('&')}`.slice(0, 40_000));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]?.message).toMatch(/^unknown link keys "k0", "k1", .* and \d{4} more ignored$/);
    const bad = issuesOf(`#v=1&p0=softmax&p1=act&${Array.from({ length: 3000 }, (_, i) => `p1.x${i}=1`).join('&')}`);
    expect(bad.length).toBeLessThanOrEqual(12);
    expect(bad.at(-1)?.message).toMatch(/^and \d+ more problems in this link$/);
  });
});

describe('linkOf', () => {
  it('is the experiment on screen at this address, whatever the address bar holds', async () => {
    const { DEFAULT_EXPERIMENT } = await import('../schema/experiment');
    const { linkOf, encodeExperiment } = await import('./codec');
    expect(linkOf(DEFAULT_EXPERIMENT, { origin: 'https://lab.example', pathname: '/x/', search: '' })).toBe(`https://lab.example/x/${encodeExperiment(DEFAULT_EXPERIMENT)}`);
  });
});
