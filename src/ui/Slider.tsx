import { useId } from 'react';

export interface SliderProps {
  readonly label: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  /** Units or a short hint shown after the value. */
  readonly unit?: string;
  readonly testId?: string;
  readonly onChange: (v: number) => void;
}

/** A labelled range input with its value beside it, and a number box for exact entry. */
export function Slider({ label, value, min, max, step = 1, unit, testId, onChange }: SliderProps) {
  const id = useId();
  return (
    <div className="control">
      <label htmlFor={id}>{label}</label>
      <div className="control-row">
        <input
          id={id}
          type="range"
          min={min}
          max={max}
          step={step}
          value={value}
          data-testid={testId}
          onChange={(e) => onChange(Number(e.currentTarget.value))}
        />
        <input
          type="number"
          aria-label={`${label} value`}
          min={min}
          max={max}
          step={step}
          value={value}
          data-testid={testId ? `${testId}-number` : undefined}
          onChange={(e) => {
            const v = Number(e.currentTarget.value);
            if (e.currentTarget.value !== '' && Number.isFinite(v)) onChange(v);
          }}
        />
        {unit ? <span className="unit">{unit}</span> : null}
      </div>
    </div>
  );
}
