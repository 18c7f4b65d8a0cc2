import { useLab } from '../../state/useLab';

/** Which adapter ran the kernels, and the state of the current run. */
export function StatusBar() {
  const gpu = useLab((s) => s.gpu);
  const status = useLab((s) => s.results.status);
  const ms = useLab((s) => s.results.ms);
  const progress = useLab((s) => s.results.progress);
  const awaitingFiles = useLab((s) => s.experiment.source.kind === 'import' && s.results.status === 'error');
  const a = gpu.adapter;
  const name = a
    ? [a.vendor, a.architecture, a.description].filter(Boolean).join(' · ') || 'unknown adapter'
    : null;
  return (
    <div className="status-bar" role="status">
      <span
        className={`badge badge-${gpu.status}`}
        data-testid="adapter-badge"
        data-adapter={a?.architecture ?? ''}
        title={a?.isFallbackAdapter ? 'A software (fallback) adapter: correct, but slow.' : undefined}
      >
        {gpu.status === 'pending' && 'WebGPU: starting…'}
        {gpu.status === 'ready' && a?.backend === 'cpu' && 'No WebGPU: CPU engine (float64, small N)'}
        {gpu.status === 'ready' && a?.backend !== 'cpu' && `WebGPU: ${name}${a?.isFallbackAdapter ? ' (software)' : ''}`}
        {gpu.status === 'error' && 'WebGPU unavailable'}
      </span>
      <span className="run-status" data-testid="run-status" data-status={status}>
        {status === 'running' && `computing… ${progress.done}/${progress.total} maps`}
        {status === 'done' && ms !== null && `done in ${ms.toFixed(0)} ms`}
        {status === 'error' && (awaitingFiles ? 'waiting for your tensor files' : 'run failed')}
      </span>
    </div>
  );
}
