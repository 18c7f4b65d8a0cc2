import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment, type ImportSource } from '../schema/experiment';
import { decodeExperiment, encodeExperiment } from './codec';

const SRC: ImportSource = { kind: 'import', name: 'gpt2 layer&head.safetensors', layers: 12, heads: 12, seqLen: 64, headDim: 64, hasV: true, maps: false };

describe('link codec: an import source carries its description, not its data', () => {
  it('round-trips import=<name>&il&ih&in&id&iv&imaps', () => {
    const exp: Experiment = { ...DEFAULT_EXPERIMENT, source: SRC, view: { ...DEFAULT_EXPERIMENT.view, layer: 3, head: 7 } };
    const hash = encodeExperiment(exp);
    expect(hash).toContain('import=gpt2+layer%26head.safetensors&il=12&ih=12&in=64&id=64&iv=1&imaps=0');
    expect(hash).not.toContain('seed=');
    const back = decodeExperiment(hash);
    expect(back.ok && back.experiment).toEqual(exp);
  });

  it('refuses a bad import link with the key to fix', () => {
    const r = decodeExperiment('#v=1&import=a.npy&il=99&ih=1&in=8&id=4&iv=0&imaps=0');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ field: 'il' });
    const m = decodeExperiment('#v=1&import=a.npy&il=1&ih=1&in=8&id=4&iv=0&imaps=2');
    expect(!m.ok && m.issues[0]?.field).toBe('imaps');
  });
});
