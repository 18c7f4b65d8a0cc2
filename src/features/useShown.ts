import type { HideableId } from '../schema/experiment';
import { useLab } from '../state/useLab';

/** Whether a control is shown: a lesson link can hide it (view.hidden), and 'sidebar' hides every control. */
export function useShown(): (id: HideableId) => boolean {
  const hidden = useLab((s) => s.experiment.view.hidden);
  return (id) => !hidden.includes(id);
}
