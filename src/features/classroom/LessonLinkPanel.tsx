import { useState } from 'react';
import { HIDEABLE, type HideableId } from '../../schema/experiment';
import { encodeExperiment } from '../../url/codec';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { CopyLink } from './CopyLink';

const NAMES: Record<HideableId, string> = {
  sidebar: 'all controls (sidebar)',
  seed: 'seed',
  n: 'sequence length',
  h: 'heads',
  d: 'head and model dims',
  sink: 'planted sink',
  sharp: 'sharpness and weight scale',
  sinks: 'sink detectors',
  mask: 'sparsity mask',
  display: 'display settings',
  panes: 'adding/removing panes',
  params: 'method parameters',
  tour: 'the tour button',
  model: 'the model and input choice',
  text: 'the model\'s input text',
};

/** "Make a lesson link": this experiment, with the controls the class should not touch hidden. */
export function LessonLinkPanel() {
  const experiment = useLab((s) => s.experiment);
  const [hidden, setHidden] = useState<HideableId[]>([...experiment.view.hidden]);
  const [present, setPresent] = useState(experiment.view.present);
  const link = `${window.location.origin}${window.location.pathname}${encodeExperiment({ ...experiment, view: { ...experiment.view, hidden, present } })}`;
  const toggle = (id: HideableId, on: boolean) => setHidden((h) => (on ? [...h, id] : h.filter((x) => x !== id)));
  return (
    <Panel title="Make a lesson link" note="Tick what students should not change; the link keeps everything else exactly as it is now.">
      <fieldset className="lesson-hide">
        <legend>Hide</legend>
        {HIDEABLE.map((id) => (
          <label key={id}>
            <input type="checkbox" checked={hidden.includes(id)} data-testid={`hide-${id}`} onChange={(e) => toggle(id, e.currentTarget.checked)} /> {NAMES[id]}
          </label>
        ))}
      </fieldset>
      <label>
        <input type="checkbox" checked={present} data-testid="lesson-present" onChange={(e) => setPresent(e.currentTarget.checked)} /> open in presentation mode
      </label>
      <label className="lesson-link">
        Link
        <input type="text" readOnly value={link} data-testid="lesson-link" onFocus={(e) => e.currentTarget.select()} />
      </label>
      <CopyLink link={link} label="Copy lesson link" testId="copy-lesson-link" />
    </Panel>
  );
}
