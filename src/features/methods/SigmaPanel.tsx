import { paneHeadStats } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { renderRowChart } from '../../views/rowChart';
import { useChart } from '../useChart';

/** σReparam on the selected head: σ by power iteration, Theorem 3.1's bound, and entropy collapse as the weights grow. */
export function SigmaPanel({ pane }: { pane: number }) {
  const head = useLab((s) => s.experiment.view.head);
  const method = useLab((s) => s.experiment.methods[pane]);
  const isSigmaModel = useLab((s) => s.experiment.source.kind === 'model' && s.experiment.source.model === 'kjv-sigma');
  const stats = useLab(paneHeadStats(pane));
  const base = useLab(paneHeadStats(0));
  const sweep = useLab((s) => s.results.sweep);
  const ex = stats?.extras?.kind === 'sigma' ? stats.extras : null;
  // σReparam's code runs one power-iteration step per forward pass: a single estimate is no curve.
  const iterRef = useChart(
    ex && ex.iterQ.length > 1 ? (el) => renderRowChart(el, [
      { label: 'σ̂(W_Q)', values: ex.iterQ, colour: '#3b5bdb' },
      { label: 'exact σ(W_Q)', values: ex.iterQ.map(() => ex.exactQ), colour: '#3b5bdb', dashed: true },
      { label: 'σ̂(W_K)', values: ex.iterK, colour: '#D55E00' },
      { label: 'exact σ(W_K)', values: ex.iterK.map(() => ex.exactK), colour: '#D55E00', dashed: true },
    ], { width: 520, height: 180, yLabel: 'spectral norm', x: ex.iterQ.map((_, i) => i + 1), xLabel: 'power iteration', label: 'Power-iteration estimates of σ against the exact value.', testId: 'sigma-iters' }) : null,
    [ex],
  );
  const boundRef = useChart(
    ex && base ? (el) => renderRowChart(el, [
      { label: 'H_i reference', values: base.rowEntropy, colour: '#9aa3ad' },
      { label: 'bound, original W', values: ex.bound, colour: '#9aa3ad', dashed: true },
      { label: 'H_i σReparam', values: stats?.rowEntropy ?? [], colour: '#3b5bdb' },
      { label: 'bound, Ŵ', values: ex.boundHat, colour: '#3b5bdb', dashed: true },
    ], {
      width: 520, height: 220, yLabel: 'nats', testId: 'sigma-bound',
      label: ex.boundHolds
        ? 'Measured row entropy against Theorem 3.1 lower bound, before and after the rescale.'
        : 'Measured row entropy, and Theorem 3.1 curves computed without this head\'s biases and row temperature: here they are not a bound.',
    }) : null,
    [ex, base, stats],
  );
  const methods = useLab((s) => s.experiment.methods);
  const sweepRef = useChart(
    sweep && sweep.head === head ? (el) => renderRowChart(el, [
      ...sweep.entropy.flatMap((e, k) => (e ? [{
        label: `pane ${k} (${methods[k]?.id === 'sigma' ? 'σReparam' : 'softmax'})`, values: e, colour: methods[k]?.id === 'sigma' ? '#3b5bdb' : '#9aa3ad',
      }] : [])),
      { label: 'Theorem 3.1 lower bound, original W (a bound, not a measurement)', values: sweep.bound, colour: '#D55E00', dashed: true },
    ], {
      width: 520, height: 220, yLabel: 'mean H (nats)', x: sweep.sigmaQK.map(Math.log10),
      xLabel: 'log₁₀ σ(W_Q W_Kᵀ) of the original weights', testId: 'sigma-sweep',
      label: 'Entropy against weight scale. The baseline collapses as W grows; the rescaled pane with a fixed γ is flat because γ·W/σ(W) does not depend on the scale of W (with γ = σ(W) it follows the baseline). The dashed curve is the bound for the original weights.',
    }) : null,
    [sweep, head, methods],
  );
  return (
    <Panel title={`σReparam rescale [lab] · pane ${pane} · head ${head}`} note="σReparam is a training method; this pane applies its rescale to trained weights (docs/methods.md &quot;σReparam&quot;). Theorem 3.1 applied per causal row with 𝛔_i = σ(W_Q W_Kᵀ)·‖X≤i‖²/√d [lab]: no row's entropy can fall below the bound, for logits X·W_Q·(X·W_K)ᵀ/√d without biases.">
      {ex ? (
        <dl className="facts" data-testid="sigma-facts">
          <dt>σ(W_Q): estimate · exact</dt><dd>{ex.iterQ.at(-1)?.toFixed(4)} · {ex.exactQ.toFixed(4)}</dd>
          <dt>σ(W_K): estimate · exact</dt><dd>{ex.iterK.at(-1)?.toFixed(4)} · {ex.exactK.toFixed(4)}</dd>
          <dt>σ(W_Q W_Kᵀ): original · reparametrised</dt><dd data-testid="sigma-qk">{ex.sigmaQK.toFixed(4)} · {ex.sigmaQKHat.toFixed(4)}</dd>
          <dt>γ_Q · γ_K applied</dt>
          <dd data-testid="sigma-gamma">
            {ex.gammaQ.toFixed(4)} · {ex.gammaK.toFixed(4)}{' '}
            {method?.params.gamma === 'set' ? '(γ set: the sliders)' : isSigmaModel ? '(γ = σ(W): this model was trained with σReparam, so these are its learned γ; weights unchanged)' : '(γ = σ(W): weights unchanged)'}
          </dd>
        </dl>
      ) : <p className="placeholder">Computing…</p>}
      {ex && ex.iterQ.length <= 1 ? (
        <p className="hint" data-testid="sigma-iters-note">
          Power iteration: {ex.iterQ.length} step (as σReparam runs it, one per forward pass), so there is no convergence curve to plot; the estimate and the exact σ are above. Raise the iterations in the pane's Parameters to see it converge.
        </p>
      ) : null}
      <div ref={iterRef} />
      <div ref={boundRef} />
      <div ref={sweepRef} />
    </Panel>
  );
}
