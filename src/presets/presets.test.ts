import { describe, expect, it } from 'vitest';
import { encodeExperiment } from '../url/codec';
import { PRESET_LINKS, loadPresets } from './presets';

describe('presets', () => {
  it('are at least six valid links with unique ids and explanations', () => {
    const loaded = loadPresets();
    expect(loaded.length).toBeGreaterThanOrEqual(6);
    expect(new Set(loaded.map((p) => p.id)).size).toBe(loaded.length);
    for (const p of loaded) {
      expect(p.explanation.length).toBeGreaterThan(40);
      expect(encodeExperiment(p.experiment).startsWith('#v=1&')).toBe(true);
    }
  });
  it('cover the methods the lessons talk about', () => {
    const ids = new Set(loadPresets().flatMap((p) => p.experiment.methods.map((m) => m.id)));
    for (const id of ['softmax', 'act', 'temperature', 'sigma'] as const) expect(ids.has(id)).toBe(true);
    expect(PRESET_LINKS.some((p) => p.link.includes('mask=window'))).toBe(true);
  });
});
