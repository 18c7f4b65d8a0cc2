import { METHOD_IDS, METHOD_PARAMS, paneDefault, type MethodId, type MethodSpec, type NumParam } from '../../schema/methods';
import { METHOD_INFO } from '../../methods/catalog';
import { importRefusal } from '../../schema/experiment';
import { useLab } from '../../state/useLab';
import { Select } from '../../ui/Select';
import { Slider } from '../../ui/Slider';

const NAMES = Object.fromEntries(METHOD_IDS.map((id) => [id, METHOD_INFO[id].name])) as Record<MethodId, string>;

/** Log-scaled parameters (γ of σReparam) slide over log10 and show the value itself. */
function LogSlider({ p, value, onChange, testId }: { p: NumParam; value: number; onChange: (v: number) => void; testId: string }) {
  const round = (v: number) => Number(v.toPrecision(3));
  return (
    <Slider
      label={p.label}
      value={round(Math.log10(value))}
      min={Math.log10(p.min)}
      max={Math.log10(p.max)}
      step={0.01}
      unit={`= ${round(value)}`}
      testId={testId}
      onChange={(l) => onChange(round(Math.min(p.max, Math.max(p.min, 10 ** l))))}
    />
  );
}

/** The method of one pane and its parameters, generated from METHOD_PARAMS. */
export function MethodEditor({ pane, method, onChange }: { pane: number; method: MethodSpec; onChange: (m: MethodSpec) => void }) {
  const onModel = useLab((s) => s.experiment.source.kind === 'model');
  const source = useLab((s) => s.experiment.source);
  const offered = METHOD_IDS.filter((id) => id === method.id || source.kind !== 'import' || !importRefusal(source, id));
  // Moving σReparam's γ sliders switches γ from σ(W) (no change) to the sliders' values.
  const gammaSet = (key: string): Record<string, string> => (method.id === 'sigma' && (key === 'gq' || key === 'gk') ? { gamma: 'set' } : {});
  const set = (key: string, v: number | string) => onChange({ ...method, params: { ...method.params, [key]: v, ...gammaSet(key) } });
  return (
    <div className="method-editor">
      <Select label={`Pane ${pane} method`} value={method.id} options={offered} names={NAMES} testId={`pane-${pane}-method`} onChange={(id) => onChange(paneDefault(id, onModel))} />
      {METHOD_PARAMS[method.id].map((p) => {
        const named = p.key === 'tau' ? `${p.label} (this pane's own)` : p.label;
        const label = p.lab ? `${named} [lab]` : named;
        const testId = `pane-${pane}-${p.key}`;
        if (p.kind === 'heads') return null; // the ACT panel shows and applies the searched set
        if (p.kind === 'enum') {
          return <Select key={p.key} label={label} value={String(method.params[p.key])} options={p.options} testId={testId} onChange={(v) => set(p.key, v)} />;
        }
        const value = Number(method.params[p.key]);
        if (p.log) return <LogSlider key={p.key} p={{ ...p, label }} value={value} testId={testId} onChange={(v) => set(p.key, v)} />;
        return <Slider key={p.key} label={label} value={value} min={p.min} max={Math.min(p.max, p.kind === 'int' ? 256 : p.max)} step={p.step} testId={testId} onChange={(v) => set(p.key, v)} />;
      })}
      <p className="method-note">{METHOD_INFO[method.id].explanation}</p>
      <p className="method-cite">{METHOD_INFO[method.id].citation}</p>
    </div>
  );
}
