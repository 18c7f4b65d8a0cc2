import { selectHeadStats } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { renderRowChart } from '../../views/rowChart';
import { useChart } from '../useChart';

const fmt = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : x > 0 ? '∞' : '—');

/** What the mask keeps of the selected head (retained mass per row) and what it changes. */
export function MaskPanel() {
  const head = useLab((s) => s.experiment.view.head);
  const kind = useLab((s) => s.experiment.analysis.mask.kind);
  const stats = useLab(selectHeadStats);
  const mask = stats?.mask ?? null;
  const ref = useChart(
    mask
      ? (el) =>
          renderRowChart(
            el,
            [
              { label: 'retained mass R_i', values: mask.retained, colour: '#3b5bdb' },
              { label: 'JS(dense, masked) nats', values: mask.vsDense.js, colour: '#D55E00' },
            ],
            { width: 560, height: 200, yLabel: 'per row', yDomain: [0, 1], label: 'Retained mass and Jensen–Shannon divergence per query row.', testId: 'mask-rows' },
          )
      : null,
    [mask],
  );
  if (kind === 'none') return null;
  return (
    <Panel
      title={`Mask · head ${head}`}
      note="Post hoc: the dense map is computed, then the mask is applied. Sparse attention would renormalise the kept entries; the comparison is that renormalised map against the dense one."
    >
      <div ref={ref} />
      {mask ? (
        <dl className="facts" data-testid="mask-facts">
          <dt>sparsity (1 − kept / causal support)</dt>
          <dd data-testid="mask-sparsity">{(100 * mask.sparsity).toFixed(2)}%</dd>
          <dt>mean retained mass</dt>
          <dd data-testid="mask-retained">{fmt(mask.meanRetained)}</dd>
          <dt>mean JS divergence (nats)</dt>
          <dd data-testid="mask-js">{fmt(mask.vsDense.meanJS)}</dd>
          <dt>mean KL(dense ‖ masked)</dt>
          <dd data-testid="mask-kl">{Number.isFinite(mask.vsDense.meanKL) ? fmt(mask.vsDense.meanKL) : '∞ — the mask drops keys the dense map weights, and KL(P ‖ Q) is infinite wherever Q is 0 and P is not; read JS and the retained mass'}</dd>
          <dt>top-{mask.vsDense.topk} overlap (rows with ≥ {mask.vsDense.topk} keys)</dt>
          <dd data-testid="mask-overlap">{fmt(mask.vsDense.meanOverlap, 3)}</dd>
          <dt>mean ‖O′ − O‖₂ (V ~ N(0, 1))</dt>
          <dd data-testid="mask-outdelta">{fmt(mask.vsDense.meanOutDelta)}</dd>
        </dl>
      ) : (
        <p className="placeholder">Computing…</p>
      )}
    </Panel>
  );
}
