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

/** The three variants on the source's text, run on request: loss, sink heads and each layer's mean entropy. */
function FamilyOnText() {
  const family = useLab((s) => s.results.family);
  const start = useLab((s) => s.startFamily);
  const eps = useLab((s) => s.experiment.analysis.sinks.eps);
  const running = useLab((s) => s.searchRequest?.kind === 'family' && s.results.status === 'running');
  const layers = family?.rows[0]?.layers ?? 0;
  return (
    <div className="family-on-text">
      <p>
        <button type="button" data-testid="family-run" disabled={running} title={running ? 'The three models are running on this text' : undefined} onClick={start}>
          {family ? 'Compare again on this text' : 'Compare the three on this text'}
        </button>{' '}
        <span className="hint">{running ? `running ${family?.rows.length ?? 0}/${SHIPPED_MODELS.length}…` : 'three forward passes, every head\'s map'}</span>
      </p>
      {family ? (
        <div className="scroll-x" tabIndex={0} role="region" aria-label="The model family on this text">
          <table data-testid="family-table">
            <caption>On this text: loss, heads with α₀ &gt; ε = {eps}, and each layer's mean entropy (rows ≥ 1, nats)</caption>
            <thead>
              <tr>
                <th scope="col">Model</th><th scope="col">Loss</th><th scope="col">Sink heads</th>
                {Array.from({ length: layers }, (_, l) => <th scope="col" key={l}>L{l} H</th>)}
              </tr>
            </thead>
            <tbody>
              {family.rows.map((r) => (
                <tr key={r.model} data-testid={`family-row-${r.model}`}>
                  <th scope="row">{MODELS[r.model as ModelId]?.name.replace('KJV bytes · ', '') ?? r.model}</th>
                  <td data-testid={`family-loss-${r.model}`} data-value={r.meanLoss}>{r.meanLoss.toFixed(3)}</td>
                  <td data-testid={`family-sinks-${r.model}`}>{r.sinkHeads} / {r.layers * r.heads}</td>
                  {r.layerEntropy.map((e, l) => <td key={l}>{e.toFixed(2)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
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
      <FamilyOnText />
      {error ? <p className="placeholder">{error}</p> : null}
      <div ref={entropyRef} />
      <div ref={lossRef} />
    </Panel>
  );
}
