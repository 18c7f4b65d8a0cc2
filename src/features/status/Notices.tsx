import { useLab } from '../../state/useLab';

/** Problems the user can act on: a bad link, a failed run, no WebGPU. Text only, never HTML. */
export function Notices() {
  const notices = useLab((s) => s.notices);
  const gpuError = useLab((s) => s.gpu.error);
  const all = gpuError ? [{ field: gpuError.kind, message: gpuError.message }, ...notices] : notices;
  if (all.length === 0) return null;
  return (
    <div className="notices" role="alert" data-testid="notices">
      <ul>
        {all.map((n, i) => (
          <li key={i}>
            <strong>{n.field}</strong>: {n.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
