import { LIMITS } from '../../schema/limits';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { Slider } from '../../ui/Slider';

/** Sink detector thresholds (docs/methods.md "Received attention and sinks"). The relative rule is the lab's own, and says so. */
export function SinkForm() {
  const s = useLab((st) => st.experiment.analysis.sinks);
  const setSinks = useLab((st) => st.setSinks);
  return (
    <Panel title="Sink detectors" note="On α_j, the mean attention key j receives from the queries that can see it. They label the Sinks tab and the tables; an ACT pane calibrates with its own τ (its Parameters).">
      <Slider label="Detector threshold τ (ACT's rule)" value={s.tau} min={LIMITS.tau.min} max={LIMITS.tau.max} step={0.005} testId="tau" onChange={(tau) => setSinks({ tau })} />
      <Slider label="Gu et al. ε" value={s.eps} min={LIMITS.eps.min} max={LIMITS.eps.max} step={0.01} testId="eps" onChange={(eps) => setSinks({ eps })} />
      <Slider label="Relative κ [lab]" value={s.kappa} min={LIMITS.kappa.min} max={LIMITS.kappa.max} step={0.1} unit="× uniform" testId="kappa" onChange={(kappa) => setSinks({ kappa })} />
      <Slider label="Min support m [lab]" value={s.minSupport} min={1} max={64} unit="queries" testId="minSupport" onChange={(minSupport) => setSinks({ minSupport })} />
    </Panel>
  );
}
