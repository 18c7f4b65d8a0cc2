import type { MethodId } from '../../schema/methods';
import { useLab } from '../../state/useLab';
import { ActPanel } from './ActPanel';
import { SigmaPanel } from './SigmaPanel';
import { TemperaturePanel } from './TemperaturePanel';

/** A panel for each kind of method in the panes (the first pane of that kind). */
export function MethodPanels() {
  const methods = useLab((s) => s.experiment.methods);
  const first = (id: MethodId) => methods.findIndex((m) => m.id === id);
  const act = first('act');
  const temp = first('temperature');
  const sigma = first('sigma');
  return (
    <>
      {act >= 0 ? <ActPanel pane={act} /> : null}
      {temp >= 0 ? <TemperaturePanel pane={temp} /> : null}
      {sigma >= 0 ? <SigmaPanel pane={sigma} /> : null}
    </>
  );
}
