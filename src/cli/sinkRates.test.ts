/**
 * The command line's sink rates on the published code's vectors (official.json `gu_sink`, from
 * sail-sg/Attention-Sink's compute_attention_sink): Sink₁^ε under Gu et al.'s name equals theirs;
 * the any-key rate is a different number, under its own name.
 */
import { describe, expect, it } from 'vitest';
import official from '../reference/fixtures/official.json';
import { detectSinks } from '../metrics/sinks';
import { receivedAttention } from '../reference/receivedAttention';
import { DEFAULT_ANALYSIS } from '../schema/analysis';
import type { StatsChunk } from '../schema/chunk';
import { paneSinkRates, sinkRates } from './aggregate';
import { STATS, type Row } from './stats';

describe('sink rates against official.json gu_sink', () => {
  it('Sink₁^ε = gu_sink.sink1_percent (overall and per head); the any-key rate = any_key_percent, named apart', () => {
    const g = official.gu_sink;
    const [samples, L, H, T] = g.shape as [number, number, number, number];
    const settings = { ...DEFAULT_ANALYSIS.sinks, eps: g.eps };
    const rows: Row[] = [];
    for (let s = 0; s < samples; s++) for (let l = 0; l < L; l++) for (let h = 0; h < H; h++) {
      const alpha = receivedAttention(Float64Array.from(g.maps[s]![l]![h]!.flat()), T);
      alpha.forEach((a, j) => expect(Math.abs(a - (g.alpha[s]![l]![h]![j] as number))).toBeLessThan(1e-9));
      const chunk = { sinks: detectSinks(alpha, settings), alpha: Float32Array.from(alpha) } as unknown as StatsChunk;
      const values = Object.fromEntries(STATS.filter((d) => ['sink1', 'anyKeyAboveEps', 'hasNonInitialSink'].includes(d.name)).map((d) => [d.name, d.of(chunk)]));
      rows.push({ text: s, pane: 0, layer: l, head: h, values });
    }
    const rates = paneSinkRates(rows, g.eps, settings.tau);
    const by = (name: string) => rates.find((r) => r.name === name);
    expect(by('Sink₁^ε (Gu et al.)')?.percent).toBeCloseTo(g.sink1_percent, 10);
    expect(by('Sink₁^ε (Gu et al.)')).toMatchObject({ rule: 'α_0 > ε', threshold: { name: 'ε', value: 0.3 }, of: samples * L * H });
    expect(by('any-key rate')?.percent).toBeCloseTo(g.any_key_percent, 10);
    expect(g.any_key_percent).not.toBeCloseTo(g.sink1_percent, 3);
    for (const r of sinkRates(rows)) expect(100 * r.sink1).toBeCloseTo(g.sink1_per_head_percent[r.layer]![r.head]!, 10);
  });
});
