import type { StatsChunk } from '../../schema/chunk';
import { selectedHeads } from '../../methods/act';
import { CALIBRATION_PASSAGES } from '../../models/calibration';
import { parseHeadSet, type MethodSpec } from '../../schema/methods';
import { paneHeadStats } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { renderAlphaBars } from '../../views/alphaBars';
import { SINK_COLOURS } from '../../views/palette';
import { renderRowChart } from '../../views/rowChart';
import { useChart } from '../useChart';

const meanFinite = (x: Float32Array) => {
  let s = 0;
  let c = 0;
  for (const v of x) {
    if (!Number.isFinite(v)) continue;
    s += v;
    c++;
  }
  return c ? s / c : NaN;
};

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '—');

/** Which heads this ACT pane calibrates, in words (docs/methods.md "ACT"). */
function headsInWords(m: MethodSpec | undefined, isModel: boolean, layer: number, head: number): string {
  const mode = m?.params.heads;
  if (mode === 'all') return 'every head of every layer [lab: the published code calibrates searched heads only]';
  const sel = isModel ? `the selected head (layer ${layer}, head ${head})` : `the selected head (${head})`;
  if (mode === 'selected') return sel;
  if (!isModel) return 'every head (synthetic heads have no loss to search by)';
  const set = parseHeadSet(String(m?.params.set ?? '')) ?? [];
  return set.length ? `the searched set: ${set.length} heads` : `${sel}, until a head search is applied`;
}

/**
 * ACT's head search on a model: per head, the model's loss on the calibration passages when this
 * pane calibrates that head alone, best first; the kept heads are those where the loss fell. The
 * kept set is then scored on the calibration passages and on the shown text, and can be applied.
 */
function LossSearch({ pane }: { pane: number }) {
  const search = useLab((s) => (s.results.search?.pane === pane ? s.results.search : null));
  const start = useLab((s) => s.startHeadSearch);
  const selectHead = useLab((s) => s.selectHead);
  const methods = useLab((s) => s.experiment.methods);
  const setMethods = useLab((s) => s.setMethods);
  const running = useLab((s) => s.searching === pane);
  const cancel = useLab((s) => s.cancelSearch);
  const total = search ? search.layers * search.heads : null;
  const order = search ? Array.from(search.delta.keys()).filter((u) => Number.isFinite(search.delta[u])).sort((a, b) => (search.delta[a] as number) - (search.delta[b] as number)) : [];
  const kept = search ? selectedHeads(search.delta) : [];
  const res = search?.result ?? null;
  const m = methods[pane];
  const applied = !!res && m?.params.set === res.set && m.params.heads === 'auto';
  const apply = () => {
    if (!res || !m) return;
    setMethods(methods.map((x, i) => (i === pane ? { ...x, params: { ...x.params, heads: 'auto', set: res.set } } : x)));
  };
  const passages = search?.passages ?? CALIBRATION_PASSAGES.length;
  const on = search?.on === 'text' ? 'the shown text' : `${passages === 1 ? 'a calibration passage' : `${passages} calibration passages`} (held-out KJV text, never the text shown)`;
  return (
    <div className="loss-search">
      <p>
        <button type="button" data-testid="act-search" disabled={running} title={running ? 'A search is running: cancel it first' : undefined} onClick={() => start(pane)}>
          {search ? 'Search again' : 'Search heads by loss'}
        </button>{' '}
        {running ? <><button type="button" data-testid="act-search-cancel" onClick={cancel}>Cancel</button>{' '}</> : null}
        {search ? (
          <span data-testid="act-search-status" data-done={search.done === total ? 'true' : 'false'}>
            {search.done}/{total} heads{running ? ' (searching; the lab stays usable)' : ''} · loss on {on}: plain {search.base.toFixed(4)} · kept (loss fell): <b data-testid="act-search-kept">{kept.length}</b>
          </span>
        ) : <span className="hint">{running ? 'Starting…' : `One forward pass per head and calibration passage, calibrating that head alone; scored on ${on}; a layer at a time, cancellable.`}</span>}
      </p>
      {res ? (
        <div data-testid="act-search-result">
          <p>
            Searched set: <b>{res.kept}</b> of {total} heads. Loss with the set, nats/token —
            calibration text (searched on): <span data-testid="act-set-calibration">{fmt(res.calibration.base)} → {fmt(res.calibration.withSet)}</span>
            {res.shown ? <>; shown text (not searched on): <span data-testid="act-set-shown">{fmt(res.shown.base)} → {fmt(res.shown.withSet)}</span></> : null}.
          </p>
          <p>
            <button type="button" data-testid="act-apply-set" disabled={applied || res.kept === 0} onClick={apply}>Apply searched set</button>{' '}
            <span className="hint">{applied ? 'Applied: this pane calibrates the searched set (the link carries it).' : res.kept === 0 ? 'No head lowered the loss: nothing to apply.' : 'This pane then calibrates these heads only, as the published code does.'}</span>
          </p>
        </div>
      ) : null}
      {search ? (
        <table className="ranking" data-testid="act-loss-ranking">
          <caption>Heads by the loss change on {on} when ACT calibrates them alone (nats/token; negative = better)</caption>
          <thead><tr><th scope="col">Layer</th><th scope="col">Head</th><th scope="col">Δ loss</th><th scope="col">Kept</th></tr></thead>
          <tbody>
            {order.slice(0, 12).map((u) => (
              <tr key={u} data-testid={`act-search-row-${u}`}>
                <td>{Math.floor(u / search.heads)}</td>
                <td><button type="button" className="link" onClick={() => selectHead(u % search.heads, Math.floor(u / search.heads))}>{u % search.heads}</button></td>
                <td data-value={search.delta[u]}>{(search.delta[u] as number) >= 0 ? '+' : ''}{(search.delta[u] as number).toFixed(5)}</td>
                <td>{kept.includes(u) ? '✓' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/** ACT on the selected head: what was detected, what was calibrated, where the mass went; and a head ranking. */
export function ActPanel({ pane }: { pane: number }) {
  const head = useLab((s) => s.experiment.view.head);
  const layer = useLab((s) => s.experiment.view.layer);
  const method = useLab((s) => s.experiment.methods[pane]);
  const isModel = useLab((s) => s.experiment.source.kind === 'model');
  const stats = useLab(paneHeadStats(pane));
  const all = useLab((s) => s.results.stats);
  const ex = stats?.extras?.kind === 'act' ? stats.extras : null;
  const barsRef = useChart(
    ex ? (el) => renderAlphaBars(el, { alpha: ex.alphaBefore, tau: ex.tau, report: { ...ex, nonInitial: [], gu: [], relative: [] } }, { width: 520, height: 200, testId: 'act-alpha-bars', tauLabel: `this pane's τ` }) : null,
    [ex],
  );
  const rowsRef = useChart(
    ex
      ? (el) => renderRowChart(el, [
          { label: 's_i: mass on calibrated sinks (before)', values: ex.s, colour: SINK_COLOURS.calibrated },
          { label: 'share of freed mass to the exempt key', values: ex.toExempt, colour: SINK_COLOURS.exempt },
        ], { width: 520, height: 180, yLabel: 'per row', yDomain: [0, 1], label: 'ACT per row: sink mass before calibration, and the share of the freed mass the exempt key absorbed.', testId: 'act-rows' })
      : null,
    [ex],
  );
  // A synthetic source has no loss: rank heads by how much ACT moves their entropy.
  const ranking = (all[pane] ?? []).flatMap((s, h) => {
    const base = all[0]?.[h] as StatsChunk | undefined;
    return s && base ? [{ h, d: s.meanEntropy - base.meanEntropy, n: s.extras?.kind === 'act' ? s.extras.calibrated.length : 0 }] : [];
  }).sort((a, b) => Math.abs(b.d) - Math.abs(a.d));
  return (
    <Panel title={`ACT · pane ${pane} · head ${head}`} note={`Detection on the map before calibration, with this pane's own τ = ${ex?.tau ?? '…'} (set in its Parameters; the detectors' τ on the left only labels the Sinks tab and tables). Bars coloured by role. The difference pane shows A′ − A.`}>
      <p data-testid="act-heads">Calibrates {headsInWords(method, isModel, layer, head)}.</p>
      <div ref={barsRef} />
      {ex ? (
        <dl className="facts" data-testid="act-facts">
          <dt>detected (α &gt; τ)</dt><dd data-testid="act-detected">{ex.detected.join(', ') || 'none'}</dd>
          <dt>exempt</dt><dd data-testid="act-exempt">{ex.exempt ?? 'none'}</dd>
          <dt>calibrated</dt><dd data-testid="act-calibrated">{ex.applied ? ex.calibrated.join(', ') || 'none' : 'not applied to this head'}</dd>
          <dt>mean share of freed mass to the exempt key</dt><dd data-testid="act-to-exempt">{Number.isFinite(meanFinite(ex.toExempt)) ? meanFinite(ex.toExempt).toFixed(3) : '—'}</dd>
        </dl>
      ) : <p className="placeholder">Computing…</p>}
      <div ref={rowsRef} />
      {isModel ? <LossSearch pane={pane} /> : <table className="ranking" data-testid="act-ranking">
        <caption>Head search: heads ranked by |ΔH| when ACT calibrates them (a model's loss will replace this)</caption>
        <thead><tr><th scope="col">Head</th><th scope="col">ΔH (nats)</th><th scope="col">Calibrated keys</th></tr></thead>
        <tbody>
          {ranking.map((r) => (
            <tr key={r.h}><td>{r.h}</td><td>{r.d >= 0 ? '+' : ''}{r.d.toFixed(4)}</td><td>{r.n}</td></tr>
          ))}
        </tbody>
      </table>}
    </Panel>
  );
}
