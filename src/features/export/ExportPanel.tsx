import { useState } from 'react';
import { linkOf } from '../../url/codec';
import { useLab, useLabStore } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { Select } from '../../ui/Select';
import { METHOD_INFO } from '../../methods/catalog';
import type { Experiment } from '../../schema/experiment';
import { download, elementToSvg, pngWithText, svgToPng, toCsv, withShown } from '../../views/export';
import { statsRows } from './statsRows';

type Format = 'png' | 'svg' | 'csv' | 'json';

/** The experiment in a line: the figure's title. */
export function figureTitle(exp: Experiment, what: string): string {
  const src = exp.source;
  const where = src.kind === 'synthetic'
    ? `synthetic input, N = ${src.seqLen}, ${src.heads} heads, seed ${src.seed} · head ${exp.view.head}`
    : src.kind === 'model'
      ? `${src.model} on “${src.text.length > 40 ? `${src.text.slice(0, 39)}…` : src.text}” · layer ${exp.view.layer} head ${exp.view.head}`
      : `imported ${src.name} · layer ${exp.view.layer} head ${exp.view.head}`;
  const panes = exp.methods.map((m, k) => `${k}: ${METHOD_INFO[m.id].short}`).join(', ');
  return `Attention Lab · ${what} · ${where} · panes ${panes}`;
}

/** Export a view (PNG at 1–4×, SVG) or the statistics (CSV, JSON); each file carries the link. */
export function ExportPanel() {
  const methods = useLab((s) => s.experiment.methods);
  const diff = useLab((s) => s.experiment.view.diff);
  const [target, setTarget] = useState('compare');
  const [format, setFormat] = useState<Format>('png');
  const [scale, setScale] = useState('2');
  const [status, setStatus] = useState('');
  const store = useLabStore();
  const charts = ['alpha-bars', 'entropy-line', 'sink-mass-rows', 'summary-table', 'head-table'];
  const names: Record<string, string> = {
    compare: 'all panes', 'diff-card': 'difference', 'alpha-bars': 'α bars', 'entropy-line': 'entropy by position',
    'sink-mass-rows': 'sink mass per row', 'summary-table': 'summary table', 'head-table': 'per-head table',
    ...Object.fromEntries(methods.map((m, k) => [`pane-${k}`, `pane ${k} (${METHOD_INFO[m.id].short})`])),
  };
  const targets = ['compare', ...methods.map((_, k) => `pane-${k}`), ...(diff ? ['diff-card'] : []), ...charts];

  const run = async () => {
    const { experiment, results } = store.getState();
    const link = linkOf(experiment, window.location); // the experiment on screen, not a bad link in the address bar
    const base = `attention-lab-${target}`;
    try {
      if (format === 'csv' || format === 'json') {
        const rows = statsRows(experiment, results.stats, results.losses);
        const losses = experiment.source.kind === 'model'
          ? experiment.methods.map((m, pane) => ({ pane, method: m.id, model_loss_nats: results.losses[pane]?.meanLoss ?? null, plain_model_loss_nats: results.model?.meanLoss ?? null }))
          : [];
        if (format === 'csv') download('attention-lab-stats.csv', 'text/csv', toCsv(rows, link));
        else download('attention-lab-stats.json', 'application/json', JSON.stringify({ link, experiment, losses, rows }, null, 1));
        setStatus(`Saved ${rows.length} rows.`);
        return;
      }
      const found = document.querySelector<Element>(`[data-testid="${target}"]`);
      // A chart is an <svg> (or a table): export the box around it.
      const box = found instanceof HTMLElement && !(found instanceof HTMLTableElement) ? found : found?.parentElement;
      // All panes: the cards, not the toolbar above them.
      const el = target === 'compare' ? box?.querySelector<HTMLElement>('.compare-cards') ?? box : box;
      if (!el) throw new Error(`nothing to export: ${target} is not on screen`);
      const what = names[target] ?? target;
      const fig = withShown(el, () => elementToSvg(el, { title: figureTitle(experiment, what), link }));
      if (format === 'svg') download(`${base}.svg`, 'image/svg+xml', fig.svg);
      else {
        const png = await svgToPng(fig.svg, fig.width, fig.height, Number(scale));
        download(`${base}.png`, 'image/png', pngWithText(png, 'Source', link));
      }
      setStatus(`Saved ${base}.${format}.`);
    } catch (e) {
      setStatus(`Export failed: ${(e as Error).message}`);
    }
  };

  return (
    <Panel title="Export" note="Images of a view, or every pane's and head's statistics. Each file carries this experiment's link.">
      <div className="export-row">
        <Select label="What" value={target} options={targets} testId="export-target"
          names={names}
          onChange={setTarget} />
        <Select label="Format" value={format} options={['png', 'svg', 'csv', 'json'] as const} testId="export-format"
          names={{ png: 'PNG image', svg: 'SVG image', csv: 'CSV statistics', json: 'JSON statistics' }} onChange={setFormat} />
        {format === 'png' ? (
          <Select label="Resolution" value={scale} options={['1', '2', '4']} names={{ 1: '1×', 2: '2×', 4: '4×' }} testId="export-scale" onChange={setScale} />
        ) : null}
      </div>
      <button type="button" data-testid="export-go" onClick={() => void run()}>Export</button>{' '}
      <span role="status" data-testid="export-status">{status}</span>
    </Panel>
  );
}
