import { LIMITS } from '../../schema/limits';
import { useLab, useLabStore } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { Slider } from '../../ui/Slider';
import { useShown } from '../useShown';
import { ModelForm } from './ModelForm';
import { ImportForm } from './ImportForm';
import { useState } from 'react';
import { LogSlider } from '../../ui/LogSlider';
import type { Source } from '../../schema/experiment';

/** Which input the lab runs on: the synthetic generator, a language model, or your own tensors. */
export function SourceForm() {
  const running = useLab((s) => s.experiment.source.kind);
  const setSourceKind = useLab((s) => s.setSourceKind);
  const shown = useShown();
  // "Your tensors" before anything was imported: the form and the stage ask for files (the last
  // experiment stays in the link until they come).
  const askImport = useLab((s) => s.askImport);
  const setAskImport = useLab((s) => s.setAskImport);
  const store = useLabStore();
  const kind = askImport && running !== 'import' ? 'import' : running;
  const setKind = (k: Source['kind']) => {
    setSourceKind(k);
    setAskImport(k === 'import' && store.getState().experiment.source.kind !== 'import');
  };
  return (
    <>
      {shown('model') && (
        <div className="source-kind" role="radiogroup" aria-label="Input">
          <label><input type="radio" name="source-kind" checked={kind === 'synthetic'} data-testid="source-kind-synthetic" onChange={() => setKind('synthetic')} /> Synthetic</label>
          <label><input type="radio" name="source-kind" checked={kind === 'model'} data-testid="source-kind-model" onChange={() => setKind('model')} /> Language model</label>
          <label><input type="radio" name="source-kind" checked={kind === 'import'} data-testid="source-kind-import" onChange={() => setKind('import')} /> Your tensors</label>
        </div>
      )}
      {kind === 'model' ? <ModelForm /> : kind === 'import' ? <ImportForm /> : <SyntheticForm />}
    </>
  );
}

/**
 * Largest N that runs without asking, given the adapter: a software adapter (SwiftShader) or the
 * CPU engine spends minutes on what a GPU does in a second.
 */
function quickN(adapter: { isFallbackAdapter?: boolean; backend?: string } | null): number {
  if (!adapter) return 1024;
  if (adapter.backend === 'cpu') return 512;
  return adapter.isFallbackAdapter ? 1024 : 4096;
}

/** Asks before a sequence length that takes long here; says what it costs. */
function ConfirmN({ n, heads, panes, slow, onYes, onNo }: { n: number; heads: number; panes: number; slow: string; onYes: () => void; onNo: () => void }) {
  const entries = (n * n * heads * panes) / 1e6;
  return (
    <div className="confirm" role="alertdialog" aria-labelledby="confirm-n-text" data-testid="confirm-n">
      <p id="confirm-n-text">
        N = {n} means {entries >= 10 ? entries.toFixed(0) : entries.toFixed(1)} million attention weights ({heads} heads × {panes} panes); {slow}
      </p>
      <button type="button" data-testid="confirm-n-yes" onClick={onYes}>Run N = {n}</button>{' '}
      <button type="button" data-testid="confirm-n-no" onClick={onNo}>Keep the current N</button>
    </div>
  );
}

/** Controls of the synthetic source: every change re-runs the kernels and updates the link. */
function SyntheticForm() {
  const src = useLab((s) => s.experiment.source);
  const setSource = useLab((s) => s.setSource);
  const adapter = useLab((s) => s.gpu.adapter);
  const panes = useLab((s) => s.experiment.methods.length);
  const shown = useShown();
  const [askN, setAskN] = useState<number | null>(null);
  if (src.kind !== 'synthetic') return null;
  const limit = quickN(adapter);
  const slow = adapter?.backend === 'cpu' ? 'the CPU engine takes minutes for this.'
    : adapter?.isFallbackAdapter ? 'on this software adapter that takes minutes.' : 'this may take a while on this GPU.';
  const wantN = (seqLen: number) => {
    if (seqLen > limit && seqLen > src.seqLen) setAskN(seqLen);
    else {
      setAskN(null);
      setSource({ seqLen });
    }
  };
  return (
    <Panel title="Synthetic input" note="Seeded token features X and per-head weights W_Q, W_K, W_V; a planted sink is a key every query favours.">
      {shown('seed') && <Slider label="Seed" value={src.seed} min={0} max={9999} testId="seed" onChange={(seed) => setSource({ seed })} />}
      {shown('n') && (
        <LogSlider label="Sequence length N" value={askN ?? src.seqLen} min={LIMITS.seqLen.min} max={LIMITS.seqLen.max} unit="tokens" testId="seqLen"
          hint={`Log scale; beyond ${limit} the lab asks first.`} onChange={wantN} />
      )}
      {askN !== null && (
        <ConfirmN n={askN} heads={src.heads} panes={panes} slow={slow}
          onYes={() => { setSource({ seqLen: askN }); setAskN(null); }} onNo={() => setAskN(null)} />
      )}
      {shown('h') && <Slider label="Heads H" value={src.heads} min={1} max={LIMITS.heads.max} testId="heads" onChange={(heads) => setSource({ heads })} />}
      {shown('d') && (
        <>
          <Slider label="Head dim d" value={src.headDim} min={1} max={128} testId="headDim" onChange={(headDim) => setSource({ headDim })} />
          <Slider label="Model dim D" value={src.modelDim} min={LIMITS.modelDim.min} max={128} testId="modelDim" onChange={(modelDim) => setSource({ modelDim })} />
        </>
      )}
      {shown('sink') && (
        <>
          <div className="control">
            <label>
              <input type="checkbox" checked={src.sinkPos !== null} data-testid="sink-on" onChange={(e) => setSource({ sinkPos: e.currentTarget.checked ? 0 : null })} /> Plant a sink
            </label>
          </div>
          {src.sinkPos !== null ? (
            <>
              <Slider label="Sink position" value={src.sinkPos} min={0} max={src.seqLen - 1} unit="key j" testId="sinkPos" onChange={(sinkPos) => setSource({ sinkPos })} />
              <Slider label="Sink strength" value={src.sinkStrength} min={LIMITS.sinkStrength.min} max={LIMITS.sinkStrength.max} step={0.1} unit="nats" testId="sinkStrength" onChange={(sinkStrength) => setSource({ sinkStrength })} />
            </>
          ) : null}
        </>
      )}
      {shown('sharp') && (
        <>
          <Slider label="Sharpness" value={src.sharpness} min={LIMITS.sharpness.min} max={LIMITS.sharpness.max} step={0.05} unit="logit std" testId="sharpness" onChange={(sharpness) => setSource({ sharpness })} />
          <Slider label="Weight scale (W_Q, W_K)" value={src.weightScale} min={LIMITS.weightScale.min} max={LIMITS.weightScale.max} step={0.05} unit="×" testId="weightScale" onChange={(weightScale) => setSource({ weightScale })} />
        </>
      )}
    </Panel>
  );
}
