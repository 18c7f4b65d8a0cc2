import { useMemo } from 'react';
import { loadPresets } from '../../presets/presets';
import { encodeExperiment } from '../../url/codec';
import type { Experiment } from '../../schema/experiment';
import { useLab } from '../../state/useLab';
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
