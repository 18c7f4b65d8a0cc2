import * as Comlink from 'comlink';
import { acquireDevice, type AcquiredDevice } from '../gpu/device';
import { createKernels, type Kernels } from '../gpu/kernels';
import { CPU_MAX_SEQ, runExperimentCpu } from '../engine/cpuRun';
import { runExperiment } from '../engine/run';
import type { AdapterReport } from '../schema/chunk';
import type { Chunk } from '../schema/chunk';
import { LabError, toErrorInfo, type LabErrorInfo } from '../schema/errors';
import type { LabApi, RunOutcome } from './api';
import { guarded } from './gpuGuard';
import * as hooks from './testHooks';
import { setDroppedModel, workerModels } from './models';
import { setImported, workerImports } from './imports';
import { allowingSilence, CPU_STEP_MS, parseMs } from './liveness';
import { chunkSender } from './chunkSender';
import { checkChunk } from '../engine/numericChecks';

interface Gpu {
  readonly acquired: AcquiredDevice;
  readonly kernels: Kernels;
  /** Set when this device is lost; the next run acquires a new one. */
  lost: GPUDeviceLostInfo | null;
}

let ready: Promise<Gpu> | null = null;
/** The device in use, once acquired (test hooks destroy it). */
let device: GPUDevice | null = null;
/** A loss seen between runs, told to the user with the next run's outcome. */
let lostNotice: LabErrorInfo | null = null;
let current: AbortController | null = null;
/** The run in flight; a new run waits for it so GPU error scopes never interleave. */
let running: Promise<unknown> = Promise.resolve();
/** Longest wait for a superseded run to let go of the device. */
const SUPERSEDE_WAIT_MS = 10_000;

function lossNotice(info: GPUDeviceLostInfo): LabErrorInfo {
  const why = info.message ? ` (${info.message.split('\n')[0]})` : '';
  return { kind: 'device-lost', message: `The GPU device was lost${why}; a new one was acquired and the run repeated.` };
}

function gpuReady(): Promise<Gpu> {
  if (ready) return ready;
  const p: Promise<Gpu> = (async () => {
    const acquired = await acquireDevice(self.navigator.gpu);
    const gpu: Gpu = { acquired, kernels: undefined as unknown as Kernels, lost: null };
    void acquired.device.lost.then((info) => {
      gpu.lost = info;
      lostNotice = lossNotice(info);
      if (ready === p) ready = null; // the next run acquires a new device
    });
    device = hooks.instrument(acquired.device);
    return Object.assign(gpu, { kernels: await createKernels(acquired.device) });
  })();
  ready = p;
  p.catch(() => {
    if (ready === p) ready = null;
  });
  return p;
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

/** The chunk, once its numbers pass the checks (a failed check fails the run with a 'numeric' message). */
function checked(exp: Parameters<typeof checkChunk>[0], chunk: Chunk): Chunk {
  checkChunk(exp, chunk);
  return chunk;
}

/** True when `gpu`'s device is lost or is lost within a moment (loss and failure race). */
async function wasLost(gpu: Gpu): Promise<boolean> {
  if (gpu.lost) return true;
  await Promise.race([gpu.acquired.device.lost, new Promise((r) => setTimeout(r, 100))]);
  return gpu.lost !== null;
}

/** Without WebGPU (no API or no adapter) the lab runs the float64 reference engine instead. */
let cpuOnly = false;
const CPU_ADAPTER: AdapterReport = {
  backend: 'cpu',
  vendor: 'CPU',
  architecture: 'float64 reference engine',
  description: `no WebGPU here: results come from the CPU twins, for N ≤ ${CPU_MAX_SEQ}`,
  isFallbackAdapter: true,
};
const noGpu = (e: unknown) => e instanceof LabError && (e.kind === 'no-webgpu' || e.kind === 'no-adapter');

const api: LabApi = {
  async init() {
    try {
      const { acquired } = await gpuReady();
      return { ok: true, adapter: acquired.adapter };
    } catch (e) {
      if (noGpu(e)) {
        cpuOnly = true;
        return { ok: true, adapter: CPU_ADAPTER, notice: toErrorInfo(e) };
      }
      return { ok: false, error: toErrorInfo(e) };
    }
  },

  async run(runId, exp, plan, onChunk): Promise<RunOutcome> {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    const previous = running;
    let finish = () => {};
    running = new Promise<void>((r) => (finish = r));
    const t0 = performance.now();
    let used: Gpu | null = null;
    const attempt = async () => {
      if (!cpuOnly) {
        // A restarted worker was never told it has no GPU: find out, and come back in CPU mode.
        await gpuReady().catch((e: unknown) => {
          if (!noGpu(e)) throw e;
          cpuOnly = true;
        });
      }
      const sender = chunkSender((chunk) => onChunk(Comlink.transfer(chunk, transferables(chunk))));
      if (cpuOnly) {
        // The CPU engine yields between layers and heads; one layer of a large model may still take seconds.
        await allowingSilence(CPU_STEP_MS, 'computing on the CPU', () => runExperimentCpu(exp, plan, {
          runId,
          models: workerModels,
          imports: workerImports,
          signal: controller.signal,
          emit: (chunk) => {
            if (!controller.signal.aborted) sender.emit(hooks.beforeSend(checked(exp, chunk)));
          },
        }));
        await sender.flush();
        return null;
      }
      const gpu = await gpuReady();
      used = gpu;
      if (controller.signal.aborted) throw new LabError('aborted', 'run superseded');
      await guarded(gpu.acquired.device, exp, () =>
        runExperiment(gpu.kernels, exp, plan, {
          runId,
          models: workerModels,
          imports: workerImports,
          signal: controller.signal,
          emit: (chunk) => {
            if (controller.signal.aborted) return;
            sender.emit(hooks.beforeSend(checked(exp, chunk)));
            hooks.afterChunk(gpu.acquired.device);
          },
        }),
      );
      await sender.flush();
      return gpu;
    };
    try {
      // An aborted run stops at its next head; a wedged one must not block the lab for ever.
      await Promise.race([previous, new Promise((r) => setTimeout(r, SUPERSEDE_WAIT_MS))]);
      if (controller.signal.aborted) return { status: 'aborted', runId };
      let notice: LabErrorInfo | undefined;
      if (lostNotice && ready === null) {
        notice = lostNotice; // lost while idle: this run acquires the new device
      }
      try {
        await attempt();
      } catch (e) {
        const gpu: Gpu | null = used;
        const aborted = e instanceof LabError && e.kind === 'aborted';
        if (aborted || !gpu || !(await wasLost(gpu))) throw e;
        notice = lostNotice ?? { kind: 'device-lost', message: 'The GPU device was lost; a new one was acquired and the run repeated.' };
        await attempt(); // once: a second loss is reported as an error
      }
      lostNotice = null;
      if (controller.signal.aborted) return { status: 'aborted', runId };
      return { status: 'done', runId, ms: performance.now() - t0, ...(notice ? { notice } : {}) };
    } catch (e) {
      if (e instanceof LabError && e.kind === 'aborted') return { status: 'aborted', runId };
      return { status: 'error', runId, error: toErrorInfo(e) };
    } finally {
      if (current === controller) current = null;
      finish();
    }
  },

  async setModelFile(name, data) {
    try {
      await setDroppedModel(name, data);
      return { ok: true };
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
  },

  async setImport(files) {
    try {
      const read = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.bytes.arrayBuffer()) })));
      const total = read.reduce((s, f) => s + f.bytes.byteLength, 0);
      return { ok: true, source: await allowingSilence(parseMs(total), 'reading the tensors', () => setImported(read)) };
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
  },

  async ping() {
    return 'pong';
  },

  async cancel() {
    current?.abort();
  },

  async enableTestHooks() {
    hooks.enable();
  },

  async fault(f) {
    hooks.apply(f, device);
  },
};

Comlink.expose(api);
