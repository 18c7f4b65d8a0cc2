import { LIMITS } from '../../schema/limits';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { Slider } from '../../ui/Slider';
import { useShown } from '../useShown';
import { ModelForm } from './ModelForm';

/** Which input the lab runs on: the synthetic generator or a language model. */
export function SourceForm() {
  const kind = useLab((s) => s.experiment.source.kind);
  const setKind = useLab((s) => s.setSourceKind);
  const shown = useShown();
  return (
    <>
      {shown('model') && (
        <div className="source-kind" role="radiogroup" aria-label="Input">
          <label><input type="radio" name="source-kind" checked={kind === 'synthetic'} data-testid="source-kind-synthetic" onChange={() => setKind('synthetic')} /> Synthetic</label>
          <label><input type="radio" name="source-kind" checked={kind === 'model'} data-testid="source-kind-model" onChange={() => setKind('model')} /> Language model</label>
        </div>
      )}
      {kind === 'model' ? <ModelForm /> : <SyntheticForm />}
    </>
  );
}

/** Controls of the synthetic source: every change re-runs the kernels and updates the link. */
function SyntheticForm() {
  const src = useLab((s) => s.experiment.source);
  const setSource = useLab((s) => s.setSource);
  const shown = useShown();
  if (src.kind !== 'synthetic') return null;
  return (
    <Panel title="Synthetic input" note="Seeded token features X and per-head weights W_Q, W_K, W_V; a planted sink is a key every query favours.">
      {shown('seed') && <Slider label="Seed" value={src.seed} min={0} max={9999} testId="seed" onChange={(seed) => setSource({ seed })} />}
      {shown('n') && (
        <Slider label="Sequence length N" value={src.seqLen} min={LIMITS.seqLen.min} max={LIMITS.seqLen.max} unit="tokens" testId="seqLen" onChange={(seqLen) => setSource({ seqLen })} />
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
