import { describe, expect, it } from 'vitest';
import { parseArgs, parseSeeds } from './args';
import { CliError } from './errors';

const fails = (argv: string[], re: RegExp) => {
  let err: unknown;
  try {
    parseArgs(argv);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CliError);
  expect((err as CliError).code).toBe(2);
  expect((err as CliError).message).toMatch(re);
};

describe('the command line is parsed into a typed command or a usage error (exit 2)', () => {
  it('run takes the experiment and its options, in either --k v or --k=v form', () => {
    expect(parseArgs(['run', '#v=1', '--seeds=1-3', '--out', 'r.csv', '--device', 'cpu', '--quiet'])).toEqual({
      kind: 'run', experiment: '#v=1', texts: null, seeds: '1-3', layers: null, modelFile: null, out: 'r.csv', device: 'cpu', quiet: true, debug: false, search: false,
    });
    expect(parseArgs(['open', 'r.json', '--pane', '1', '--lowest'])).toMatchObject({ kind: 'open', pane: 1, lowest: true, stat: null });
    expect(parseArgs([])).toEqual({ kind: 'usage' });
    expect(parseArgs(['run', '--help'])).toEqual({ kind: 'help' });
  });

  it('refuses what it cannot run, saying what is wrong', () => {
    fails(['go'], /unknown command "go"/);
    fails(['run'], /needs an experiment/);
    fails(['run', 'a', 'b'], /quote a link/);
    fails(['run', '#v=1', '--device', 'tpu'], /--device tpu/);
    fails(['run', '#v=1', '--out'], /--out needs a value/);
    fails(['run', '#v=1', '--out', 'r.txt'], /\.json or \.csv/);
    fails(['run', '#v=1', '--seeds', '1', '--texts', 't'], /not both/);
    fails(['run', '#v=1', '--quiet=1'], /takes no value/);
    fails(['open', 'r.json', '--pane', 'x'], /not a pane/);
    fails(['open', 'r.json', '--base', 'ftp://x'], /http/);
    fails(['open', 'r.json', '--seeds', '1'], /no option --seeds/);
  });

  it('reads seed lists and ranges', () => {
    expect(parseSeeds('3,7,9-12')).toEqual([3, 7, 9, 10, 11, 12]);
    expect(parseSeeds('1-50')).toHaveLength(50);
    expect(() => parseSeeds('5-1')).toThrow(/backwards/);
    expect(() => parseSeeds('a')).toThrow(/not a number/);
    expect(() => parseSeeds('1-200000')).toThrow(/more than/);
  });
});
