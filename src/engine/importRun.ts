/**
 * Imported tensors on the GPU: Q, K (and V) of every layer and head, or the
 * attention maps themselves, run through the same per-head loop as every other source
 * (runUnits), so every pane, statistic, thumbnail and map is computed exactly as for synthetic
 * or model heads. cpuRun.ts runs the same heads through cpuUnits.
 *
 * Without V, the head's V is zeros and every output-change statistic (‖A′V′ − AV‖, in the pane
 * comparison and in the mask's) is reported as NaN, shown as '—': a number would be made up.
 * σReparam is refused (no weights, no layer input); on maps alone, so are logit-level methods.
 */
import type { Chunk, Comparison } from '../schema/chunk';
import { LabError } from '../schema/errors';
import { importRefusal, type Experiment, type ImportSource } from '../schema/experiment';
import type { RunPlan } from '../schema/plan';
import type { Kernels } from '../gpu/kernels';
import type { ImportedTensors } from '../models/importTensors';
import type { HeadInputs } from './headInputs';
import { runUnits, type RunContext } from './run';

/** Where a run finds the tensors an import source describes (the worker keeps the last drop). */
export interface ImportProvider {
  /** The kept tensors matching `src`, or a LabError telling the user to drop the file again. */
  get(src: ImportSource): ImportedTensors;
}

/** Whether kept tensors are the ones a source describes (name and shape). */
export function sameImport(a: ImportSource, b: ImportSource): boolean {
  return a.name === b.name && a.layers === b.layers && a.heads === b.heads && a.seqLen === b.seqLen &&
    a.headDim === b.headDim && a.hasV === b.hasV && a.maps === b.maps;
}

/** The message when a run names tensors this lab does not hold (a cold link, a restarted worker). */
export const missingImport = (src: ImportSource) =>
  new LabError('bad-input', `this link refers to imported tensors ${src.name}: drop the file again (files are not part of links)`);

/** The run's imported tensors, after refusing any pane that cannot run on them. */
export function importedFor(exp: Experiment, ctx: RunContext): ImportedTensors {
  const src = exp.source;
  if (src.kind !== 'import') throw new LabError('bad-input', 'not an import source');
  exp.methods.forEach((m, pane) => {
    const why = importRefusal(src, m.id);
    if (why) throw new LabError('bad-input', `pane ${pane}: ${why}`);
  });
  if (!ctx.imports) throw missingImport(src);
  return ctx.imports.get(src);
}

/** Head `head` of layer `layer` of an import, as every engine reads it. */
export function importHead(t: ImportedTensors, layer: number, head: number, selected: boolean): HeadInputs {
  const { heads, seqLen: n, headDim } = t.source;
  const d = Math.max(1, headDim);
  const unit = layer * heads + head;
  const rows = (x: Float32Array | null) => (x ? x.slice(unit * n * d, (unit + 1) * n * d) : new Float32Array(n * d));
  const none = new Float32Array(0);
  return {
    n, d, layer, head, selected,
    q: t.maps ? none : rows(t.q),
    k: t.maps ? none : rows(t.k),
    v: rows(t.v),
    proj: null,
    ...(t.maps ? { map: t.maps.slice(unit * n * n, (unit + 1) * n * n) } : {}),
  };
}

function blank(c: Comparison): Comparison {
  return { ...c, outDelta: new Float32Array(c.outDelta.length).fill(NaN), meanOutDelta: NaN };
}

/** A chunk with its output-change statistics blanked (NaN) when the import has no V. */
export function withoutV(chunk: Chunk): Chunk {
  if (chunk.kind !== 'stats') return chunk;
  return {
    ...chunk,
    vsBase: chunk.vsBase ? blank(chunk.vsBase) : null,
    mask: chunk.mask ? { ...chunk.mask, vsDense: blank(chunk.mask.vsDense) } : null,
  };
}

/** The run context an import's heads stream through (outputs blanked without V). */
export function importContext(src: ImportSource, ctx: RunContext): RunContext {
  return src.hasV ? ctx : { ...ctx, emit: (c) => ctx.emit(withoutV(c)) };
}

export async function runImport(k: Kernels, exp: Experiment, plan: RunPlan, ctx: RunContext): Promise<{ n: number; d: number }> {
  const t = importedFor(exp, ctx);
  const { layers, heads, seqLen: n, headDim } = t.source;
  await runUnits(k, exp, plan, importContext(t.source, ctx), { n, layers, heads }, async (layer, head, selected) => importHead(t, layer, head, selected));
  return { n, d: headDim };
}
