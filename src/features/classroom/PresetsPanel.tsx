import { useEffect, useMemo } from 'react';
import { decodePrecomputed } from '../../presets/precomputed';
import { loadPresets } from '../../presets/presets';
import { encodeExperiment } from '../../url/codec';
import type { Experiment } from '../../schema/experiment';
import { selectHeads } from '../../state/selectors';
import { useLab, useLabStore } from '../../state/useLab';
import { Panel } from '../../ui/Panel';

/** The experiment without its view, to tell which preset (if any) is on screen. */
function core(e: Experiment): string {
  return encodeExperiment({ ...e, view: { ...e.view, head: 0, pane: 0, hidden: [], present: false } });
}

/** Lessons: one click loads a preset experiment; the current one's explanation and task stay in view. */
export function PresetsPanel() {
  const presets = useMemo(loadPresets, []);
  const experiment = useLab((s) => s.experiment);
  const load = useLab((s) => s.loadExperiment);
  const current = presets.find((p) => core(p.experiment) === core(experiment)) ?? null;
  const store = useLabStore();
  // A preset's statistics and thumbnails are precomputed (public/presets): show them at once,
  // into the cells the live run has not filled yet; the run then replaces them with its own.
  useEffect(() => {
    if (!current) return;
    let stale = false;
    void fetch(`presets/${current.id}.json`)
      .then((r) => (r.ok ? r.text() : ''))
      .then((text) => {
        const pre = decodePrecomputed(text);
        if (stale || !pre) return;
        const st = store.getState();
        for (const c of pre.chunks) {
          const r = store.getState().results;
          const unit = c.layer * selectHeads(store.getState()) + c.head;
          const have = c.kind === 'stats' ? r.stats[c.pane]?.[unit] : r.thumbs[c.pane]?.[unit];
          if (!have) st.applyChunk({ ...c, runId: r.runId });
        }
      })
      .catch(() => {}); // the live run fills in anyway
    return () => {
      stale = true;
    };
  }, [current, store]);
  return (
    <Panel title="Lessons" className="presets">
      <ul className="preset-list">
        {presets.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className={current?.id === p.id ? 'preset active' : 'preset'}
              aria-pressed={current?.id === p.id}
              data-testid={`preset-${p.id}`}
              onClick={() => load({ ...p.experiment, view: { ...p.experiment.view, hidden: experiment.view.hidden, present: experiment.view.present } })}
            >
              {p.title}
            </button>
          </li>
        ))}
      </ul>
      {current ? (
        <div className="preset-card" data-testid="preset-explanation">
          <p>{current.explanation}</p>
          <p className="preset-task"><strong>Try:</strong> {current.task}</p>
        </div>
      ) : null}
    </Panel>
  );
}
