import { describe, expect, it } from 'vitest';
import { csvText } from '../schema/csv';
import { toCsv } from './export';

describe('CSV exports and spreadsheet formulas', () => {
  it('the lab\'s CSV export neutralises formula cells too; numbers, negative ones included, stay numbers', () => {
    expect(csvText('=1+1')).toBe("'=1+1");
    expect(csvText('plain')).toBe('plain');
    const csv = toCsv([{ token: '@cmd', value: -0.5 }, { token: '-x', value: 1 }], '#v=1');
    expect(csv.split('\n').slice(1, 4)).toEqual(['token,value', "'@cmd,-0.5", "'-x,1"]);
  });
});
