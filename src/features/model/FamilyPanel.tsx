import { useEffect, useState } from 'react';
import { MODELS, SHIPPED_MODELS, type ModelId } from '../../schema/models';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { renderRowChart, type RowSeries } from '../../views/rowChart';
import { useChart } from '../useChart';

/** A shipped model's training record (training/train.py writes it next to the weights). */
interface Curves {
  readonly step: readonly number[];
  readonly val_loss: readonly number[];
  /** Mean attention entropy per layer at each logged step, nats: [step][layer]. */
  readonly entropy: readonly (readonly number[])[];
}

const COLOURS: Record<string, string> = { 'kjv-baseline': '#e66101', 'kjv-sigma': '#5e3c99', 'kjv-seltemp': '#1b7837' };

function isCurves(x: unknown): x is Curves {
  const c = x as Curves;
  return Array.isArray(c?.step) && Array.isArray(c.val_loss) && Array.isArray(c.entropy) && c.entropy.length === c.step.length;
}

/**
 * The three shipped variants, trained on the same data for the same steps, side by side over
 * training: one layer's mean attention entropy (entropy collapse, and what σReparam and the
 * position temperature do to it) and the validation loss.
 */
export function FamilyPanel() {
  const isModel = useLab((s) => s.experiment.source.kind === 'model');
  const layer = useLab((s) => s.experiment.view.layer);
  const [curves, setCurves] = useState<Partial<Record<ModelId, Curves>> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!isModel || curves) return;
    let stale = false;
    Promise.all(SHIPPED_MODELS.map(async (id) => {
      const r = await fetch(MODELS[id].curves as string);
      const j: unknown = r.ok ? await r.json() : null;
      if (!isCurves(j)) throw new Error(`${MODELS[id].curves}: not a curves file`);
      return [id, j] as const;
    }))
      .then((all) => !stale && setCurves(Object.fromEntries(all)))
      .catch((e: unknown) => !stale && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      stale = true;
    };
  }, [isModel, curves]);
  const series = (f: (c: Curves) => number[]): RowSeries[] =>
    SHIPPED_MODELS.flatMap((id) => (curves?.[id] ? [{ label: MODELS[id].name.replace('KJV bytes · ', ''), values: f(curves[id] as Curves), colour: COLOURS[id] ?? '#333' }] : []));
  const steps = curves?.['kjv-baseline']?.step ?? [];
  const l = Math.min(layer, 5);
  const entropyRef = useChart(curves ? (el) => renderRowChart(el, series((c) => c.entropy.map((e) => e[l] ?? NaN)), {
    width: 420, height: 200, yLabel: 'mean H (nats)', label: `Layer ${l} mean attention entropy over training, three variants`, testId: 'family-entropy', x: steps, xLabel: 'training step',
  }) : null, [curves, l]);
  const lossRef = useChart(curves ? (el) => renderRowChart(el, series((c) => [...c.val_loss]), {
    width: 420, height: 170, yLabel: 'val loss (nats/byte)', label: 'Validation loss over training, three variants', testId: 'family-loss', x: steps, xLabel: 'training step',
  }) : null, [curves]);
  if (!isModel) return null;
  return (
    <Panel title="The model family over training" className="family-panel"
      note={`The three shipped byte-level models, same data and steps: layer ${l}'s mean attention entropy and the validation loss as training went (from each model's curves file). Pick a layer in the head grid.`}>
      {error ? <p className="placeholder">{error}</p> : null}
      <div ref={entropyRef} />
      <div ref={lossRef} />
    </Panel>
  );
}
