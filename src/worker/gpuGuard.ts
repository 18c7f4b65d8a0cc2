import { LabError } from '../schema/errors';
import type { Experiment } from '../schema/experiment';

/**
 * GPU errors of one run. WebGPU reports allocation failures and validation errors through error
 * scopes, not exceptions: a failed createBuffer returns an invalid buffer and the run fails
 * later with a vague message. Wrapping the run in scopes lets us say what really went wrong.
 */

/** Bytes one head needs at its peak (run.ts: P, the 0/1 mask and the masked map coexist). */
export function bytesPerHead(n: number): number {
  return 3 * n * n * 4;
}

const MiB = 2 ** 20;
const mib = (b: number) => `${(b / MiB).toFixed(b < 10 * MiB ? 1 : 0)} MiB`;

/**
 * Largest N (halving from `n`) whose per-head working set this device can allocate right now,
 * found by allocating and freeing one probe buffer under an 'out-of-memory' scope; 0 if none.
 */
export async function largestFittingN(device: GPUDevice, n: number): Promise<number> {
  for (let m = Math.floor(n / 2); m >= 1; m = Math.floor(m / 2)) {
    const size = Math.min(bytesPerHead(m), device.limits.maxBufferSize);
    device.pushErrorScope('out-of-memory');
    const probe = device.createBuffer({ label: 'guard.probe', size: Math.max(16, size), usage: GPUBufferUsage.STORAGE });
    const oom = await device.popErrorScope().catch(() => null);
    probe.destroy();
    if (!oom) return m;
  }
  return 0;
}

/** The message for an allocation failure, naming a size that fits. */
export async function outOfMemory(device: GPUDevice, exp: Experiment): Promise<LabError> {
  if (exp.source.kind === 'model') {
    return new LabError('out-of-memory', `The GPU ran out of memory running ${exp.source.model} on this text: shorten the text, pick a smaller model, or close other GPU-heavy tabs.`);
  }
  const n = exp.source.seqLen;
  const fit = await largestFittingN(device, n);
  const what = `The GPU ran out of memory: N = ${n} needs about ${mib(bytesPerHead(n))} per head.`;
  const todo = fit > 0
    ? ` N = ${fit} (${mib(bytesPerHead(fit))} per head) fits on this GPU now: lower N (sequence length) to ${fit} or less.`
    : ' Not even N = 1 fits right now: close other GPU-heavy tabs and reload.';
  return new LabError('out-of-memory', what + todo);
}

/**
 * Runs `work` inside 'out-of-memory' and 'validation' error scopes on `device`. An allocation
 * failure becomes an 'out-of-memory' LabError with a size that fits; a validation error becomes
 * 'gpu-validation' naming the labelled object; otherwise `work`'s own error passes through.
 * Callers must not overlap guarded work on one device (scopes are a stack).
 */
export async function guarded<T>(device: GPUDevice, exp: Experiment, work: () => Promise<T>): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    result = { ok: true, value: await work() };
  } catch (error) {
    result = { ok: false, error };
  }
  const validation = await device.popErrorScope().catch(() => null);
  const oom = await device.popErrorScope().catch(() => null);
  if (oom) throw await outOfMemory(device, exp);
  if (!result.ok && result.error instanceof LabError) throw result.error;
  if (validation) throw new LabError('gpu-validation', `GPU validation error: ${validation.message.split('\n')[0]}`);
  if (!result.ok) throw result.error;
  return result.value;
}
