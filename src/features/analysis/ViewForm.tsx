import { REDUCE_KINDS, SCALE_KINDS, UNIT_KINDS } from '../../schema/analysis';
import { LIMITS } from '../../schema/limits';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { Select } from '../../ui/Select';
import { Slider } from '../../ui/Slider';

/** How maps and numbers are drawn: colour scale, tile reduction, entropy units. */
export function ViewForm() {
  const v = useLab((s) => s.experiment.view);
  const setView = useLab((s) => s.setView);
  return (
    <Panel title="Display">
      <Select
        label="Colour scale"
        value={v.scale}
        options={SCALE_KINDS}
        names={{ linear: 'linear', log: 'log (4 decades)', gamma: 'gamma' }}
        testId="scale"
        onChange={(scale) => setView({ scale })}
      />
      {v.scale === 'gamma' && (
        <Slider label="Gamma" value={v.gamma} min={LIMITS.colourGamma.min} max={LIMITS.colourGamma.max} step={0.05} testId="gamma" onChange={(gamma) => setView({ gamma })} />
      )}
      <Select
        label="Large maps: tile value"
        value={v.reduce}
        options={REDUCE_KINDS}
        names={{ max: 'max (keeps sinks visible)', mean: 'mean (keeps mass)' }}
        testId="reduce"
        onChange={(reduce) => setView({ reduce })}
      />
      <Select label="Entropy units" value={v.units} options={UNIT_KINDS} testId="units" onChange={(units) => setView({ units })} />
    </Panel>
  );
}
