import * as Comlink from 'comlink';
import { acquireDevice, type AcquiredDevice } from '../gpu/device';
import { createKernels, type Kernels } from '../gpu/kernels';
import { runExperiment } from '../engine/run';
import type { Chunk } from '../schema/chunk';
import { LabError, toErrorInfo } from '../schema/errors';
import type { LabApi, RunOutcome } from './api';

let ready: Promise<{ acquired: AcquiredDevice; kernels: Kernels }> | null = null;
let current: AbortController | null = null;

function gpuReady() {
  ready ??= (async () => {
    const acquired = await acquireDevice(self.navigator.gpu, () => {
      ready = null; // the next run acquires a new device
    });
    return { acquired, kernels: await createKernels(acquired.device) };
  })();
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

/** Every typed array's buffer inside a chunk, so the whole chunk moves without a copy. */
function transferables(chunk: Chunk): Transferable[] {
  const found = new Set<ArrayBuffer>();
  const walk = (x: unknown) => {
    if (ArrayBuffer.isView(x)) found.add(x.buffer as ArrayBuffer);
    else if (x && typeof x === 'object') for (const v of Object.values(x)) walk(v);
  };
  walk(chunk);
  return [...found];
}

const api: LabApi = {
  async init() {
    try {
      const { acquired } = await gpuReady();
      return { ok: true, adapter: acquired.adapter };
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
  },

  async run(runId, exp, plan, onChunk): Promise<RunOutcome> {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    const t0 = performance.now();
    try {
      const { kernels } = await gpuReady();
      await runExperiment(kernels, exp, plan, {
        runId,
        signal: controller.signal,
        emit: (chunk) => {
          if (!controller.signal.aborted) onChunk(Comlink.transfer(chunk, transferables(chunk)));
        },
      });
      if (controller.signal.aborted) return { status: 'aborted', runId };
      return { status: 'done', runId, ms: performance.now() - t0 };
    } catch (e) {
      if (e instanceof LabError && e.kind === 'aborted') return { status: 'aborted', runId };
      return { status: 'error', runId, error: toErrorInfo(e) };
    } finally {
      if (current === controller) current = null;
    }
  },
};

Comlink.expose(api);
