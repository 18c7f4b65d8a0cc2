import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT } from '../schema/experiment';
import { encodeExperiment } from '../url/codec';
import { loadExperiment, makeJobs, readTexts } from './input';

const dir = mkdtempSync(join(tmpdir(), 'attention-lab-input-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const exp = { ...DEFAULT_EXPERIMENT, source: { ...DEFAULT_EXPERIMENT.source, seed: 11, seqLen: 40 } };
const link = encodeExperiment(exp);

describe('the experiment comes from a link or a file in any of its forms', () => {
  it('a link (URL, hash, bare), an Experiment JSON, {link}, a results file, a link as text', () => {
    for (const arg of [`http://localhost:4173/${link}`, link, link.slice(1)]) expect(loadExperiment(arg)).toEqual(exp);
    expect(loadExperiment(file('e.json', JSON.stringify(exp)))).toEqual(exp);
    expect(loadExperiment(file('l.json', JSON.stringify({ link })))).toEqual(exp);
    expect(loadExperiment(file('r.json', JSON.stringify({ format: 'attention-lab-results', experiment: exp })))).toEqual(exp);
    expect(loadExperiment(file('l.txt', `${link}\n`))).toEqual(exp);
  });

  it('a synthetic batch is a list of seeds; texts need a model source', () => {
    expect(makeJobs(exp, '3-4', null).map((j) => [j.index, j.seed, j.experiment.source.kind === 'synthetic' && j.experiment.source.seed])).toEqual([[0, 3, 3], [1, 4, 4]]);
    expect(makeJobs(exp, null, null).map((j) => j.seed)).toEqual([11]);
    expect(() => makeJobs(exp, null, 'texts.txt')).toThrow(/model source/);
  });

  it('texts: one per non-empty line, or a JSON array of strings', () => {
    expect(readTexts(file('t.txt', 'In the beginning\n\nAnd God said\r\n'))).toEqual(['In the beginning', 'And God said']);
    expect(readTexts(file('t.json', '["a\\nb", "c"]'))).toEqual(['a\nb', 'c']);
    expect(() => readTexts(file('bad.json', '[1, 2]'))).toThrow(/array of strings/);
    expect(() => readTexts(file('empty.txt', '\n\n'))).toThrow(/no texts/);
  });
});
