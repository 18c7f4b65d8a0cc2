import { useId } from 'react';

export interface LogSliderProps {
  readonly label: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly unit?: string;
  readonly testId?: string;
  /** A hint under the control (why a value needs confirming, what it costs). */
  readonly hint?: string;
  readonly onChange: (v: number) => void;
}

const STEPS = 400;

/**
 * An integer slider on a log scale (each doubling is the same distance: 1…8192 on a short track
 * stays usable), with a number box for exact entry.
 */
export function LogSlider({ label, value, min, max, unit, testId, hint, onChange }: LogSliderProps) {
  const id = useId();
  const lo = Math.log(Math.max(1, min));
  const hi = Math.log(max);
  const toPos = (v: number) => Math.round((STEPS * (Math.log(Math.max(1, v)) - lo)) / (hi - lo));
  const fromPos = (p: number) => {
    const v = Math.exp(lo + ((hi - lo) * p) / STEPS);
    // Round to two significant digits beyond 100 so a drag lands on 1200, not 1187.
    const r = v >= 100 ? Number(v.toPrecision(2)) : Math.round(v);
    return Math.min(max, Math.max(min, r));
  };
  return (
    <div className="control">
      <label htmlFor={id}>{label}</label>
      <div className="control-row">
        <input id={id} type="range" min={0} max={STEPS} step={1} value={toPos(value)} data-testid={testId}
          aria-valuetext={`${value}${unit ? ` ${unit}` : ''}`}
          onChange={(e) => onChange(fromPos(Number(e.currentTarget.value)))} />
        <input type="number" aria-label={`${label} value`} min={min} max={max} step={1} value={value}
          data-testid={testId ? `${testId}-number` : undefined}
          onChange={(e) => {
            const v = Number(e.currentTarget.value);
            if (e.currentTarget.value !== '' && Number.isInteger(v)) onChange(v);
          }} />
        {unit ? <span className="unit">{unit}</span> : null}
      </div>
      {hint ? <p className="hint">{hint}</p> : null}
    </div>
  );
}
