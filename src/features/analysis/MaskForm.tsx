import { MASK_KINDS, type MaskKind } from '../../schema/analysis';
import { LIMITS } from '../../schema/limits';
import { selectN } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { Select } from '../../ui/Select';
import { Slider } from '../../ui/Slider';

const NAMES: Record<MaskKind, string> = {
  none: 'none (dense)',
  topk: 'top-k per row',
  mass: 'cumulative mass γ per query (an oracle; not FlexPrefill\'s block selection)',
  window: 'window + sink tokens (StreamingLLM)',
  block: 'block top-k (SeerAttention oracle)',
};

/** A sparsity mask applied post hoc to the dense map: what would it keep? */
export function MaskForm() {
  const m = useLab((s) => s.experiment.analysis.mask);
  const n = useLab(selectN);
  const setMask = useLab((s) => s.setMask);
  return (
    <Panel title="Sparsity mask" note="Veils what the mask drops on the map; the table shows sparsity and the mass kept.">
      <Select label="Mask" value={m.kind} options={MASK_KINDS} names={NAMES} testId="mask-kind" onChange={(kind) => setMask({ kind })} />
      {m.kind === 'topk' && <Slider label="k keys per row" value={m.k} min={1} max={Math.min(n, 256)} testId="mask-k" onChange={(k) => setMask({ k })} />}
      {m.kind === 'mass' && (
        <Slider label="Mass γ" value={m.gamma} min={0.5} max={LIMITS.massGamma.max} step={0.01} testId="mask-gamma" onChange={(gamma) => setMask({ gamma })} />
      )}
      {m.kind === 'window' && (
        <>
          <Slider label="Window w" value={m.window} min={1} max={Math.max(1, n)} unit="tokens" testId="mask-window" onChange={(window) => setMask({ window })} />
          <Slider label="Sink tokens kept" value={m.sinks} min={0} max={8} testId="mask-sinks" onChange={(sinks) => setMask({ sinks })} />
        </>
      )}
      {m.kind === 'block' && (
        <>
          <Slider label="Block B" value={m.block} min={1} max={64} unit="tokens" testId="mask-block" onChange={(block) => setMask({ block })} />
          <Slider label="Blocks kept r" value={m.nzRatio} min={LIMITS.nzRatio.min} max={1} step={0.01} testId="mask-nz" onChange={(nzRatio) => setMask({ nzRatio })} />
        </>
      )}
    </Panel>
  );
}
