import { useId } from 'react';

/** A labelled select over string options. */
export function Select<T extends string>({
  label,
  value,
  options,
  onChange,
  testId,
  names,
}: {
  label: string;
  value: T;
  options: readonly T[];
  onChange: (v: T) => void;
  testId?: string;
  /** Display names per option; defaults to the option itself. */
  names?: Partial<Record<T, string>>;
}) {
  const id = useId();
  return (
    <div className="control">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} data-testid={testId} onChange={(e) => onChange(e.currentTarget.value as T)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {names?.[o] ?? o}
          </option>
        ))}
      </select>
    </div>
  );
}
