import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';

/**
 * Nominal work per call, to turn GPU time into rates: FLOPs of the causal QKᵀ-sized products
 * (multiply-add over j ≤ i), and bytes of the N² maps read or written. Estimates, as labelled.
 */
function nominal(label: string, n: number, d: number): { flops?: number; bytes?: number } {
  const causal = (n * (n + 1)) / 2;
  switch (label) {
    case 'attnScores':
    case 'attnOutput':
    case 'flashRowStats':
    case 'flashColumns':
    case 'flashTiles':
      return { flops: 2 * causal * d };
    case 'softmaxRows':
      return { bytes: 2 * n * n * 4 };
    case 'rowEntropy':
    case 'receivedAttention':
    case 'keyMass':
    case 'maskStats':
    case 'rowThreshold':
      return { bytes: n * n * 4 };
    default:
      return {};
  }
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(b < 2 ** 20 ? 2 : 1)} MiB`;

/** Time per kernel (timestamp queries), rates, and the run's GPU memory peak. */
export function PerfPanel() {
  const perf = useLab((s) => s.results.perf);
  if (!perf) return null;
  const gpuMs = perf.kernels.reduce((a, k) => a + k.ms, 0);
  return (
    <Panel title="Performance" className="perf" note="GPU time per kernel from timestamp queries (browsers may round them), the run's wall time in the worker, the peak GPU memory its buffers held, and the compute passes and readbacks (round trips to the GPU) it made.">
      <p className="pane-numbers" data-testid="perf-summary">
        wall {perf.wallMs.toFixed(1)} ms · GPU {gpuMs.toFixed(2)} ms in kernels · peak GPU memory <span data-testid="perf-peak">{mib(perf.peakBytes)}</span> · <span data-testid="perf-trips">{perf.passes} passes, {perf.readbacks} readbacks</span> · N = {perf.n}, d = {perf.d}
      </p>
      {perf.kernels.length ? (
        <div className="scroll-x" tabIndex={0} role="region" aria-label="Kernel timings">
          <table className="ranking" data-testid="perf-table">
            <thead>
              <tr><th scope="col">Kernel</th><th scope="col">Calls</th><th scope="col">GPU ms</th><th scope="col">Share</th><th scope="col">≈ GFLOP/s</th><th scope="col">≈ GB/s</th></tr>
            </thead>
            <tbody>
              {perf.kernels.map((k) => {
                const w = nominal(k.label, perf.n, perf.d);
                const s = k.ms / 1e3;
                return (
                  <tr key={k.label}>
                    <td style={{ textAlign: 'left' }}>{k.label}</td>
                    <td>{k.calls}</td>
                    <td>{k.ms.toFixed(3)}</td>
                    <td>{gpuMs > 0 ? `${((100 * k.ms) / gpuMs).toFixed(0)}%` : '—'}</td>
                    <td>{w.flops && s > 0 ? ((w.flops * k.calls) / s / 1e9).toFixed(1) : ''}</td>
                    <td>{w.bytes && s > 0 ? ((w.bytes * k.calls) / s / 1e9).toFixed(1) : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="placeholder">This GPU gives no timestamp queries: only the wall time is known.</p>
      )}
    </Panel>
  );
}
