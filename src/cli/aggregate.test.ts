import { describe, expect, it } from 'vitest';
import { aggregate, sinkRates, summarise } from './aggregate';
import type { Row } from './stats';

const row = (text: number, head: number, h: number | null, gu: number): Row => ({
  text, pane: 0, layer: 0, head, values: { meanEntropy: h, sink1: gu, anyKeyAboveEps: gu, hasNonInitialSink: 0 },
});

describe('aggregates over texts', () => {
  it('mean, sample sd, min and max of the defined values, null where undefined', () => {
    expect(summarise([1, 2, 3, null])).toEqual({ n: 3, mean: 2, sd: 1, min: 1, max: 3 });
    expect(summarise([5])).toEqual({ n: 1, mean: 5, sd: null, min: 5, max: 5 });
    expect(summarise([null])).toEqual({ n: 0, mean: null, sd: null, min: null, max: null });
  });

  it('groups by pane, layer and head; the sink rate is the share of texts with a sink', () => {
    const rows = [row(0, 1, 2, 1), row(0, 0, 1, 0), row(1, 1, 4, 0), row(1, 0, 3, 1), row(2, 1, 6, 1), row(2, 0, null, 1)];
    const a = aggregate(rows, ['meanEntropy']);
    expect(a.map((x) => [x.head, x.n, x.mean])).toEqual([[0, 2, 2], [1, 3, 4]]);
    expect(sinkRates(rows).map((s) => [s.head, s.texts, s.sink1])).toEqual([[0, 3, 2 / 3], [1, 3, 2 / 3]]);
  });
});
