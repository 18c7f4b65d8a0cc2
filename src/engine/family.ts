/**
 * The shipped model family side by side on one text: for each variant (baseline, σReparam,
 * selective temperature — same data, same steps), its loss on the text, each layer's mean
 * attention entropy (rows i ≥ 1, averaged over heads) and its sink heads (Gu et al.'s α₀ > ε).
 * GPU path: the WGSL forward pass, each head's map read back once and reduced by the float64
 * twins; CPU path: forwardRef's maps. N ≤ the models' context (256), so a map is ≤ 256 KiB.
 */
import { LabError } from '../schema/errors';
import type { FamilyRow } from '../schema/chunk';
import type { Experiment } from '../schema/experiment';
import { SHIPPED_MODELS } from '../schema/models';
import type { Kernels } from '../gpu/kernels';
import { forward } from '../models/forward';
import { forwardRefAsync } from '../models/forwardRef';
import { yieldNow } from './pause';
import type { Model } from '../models/model';
import { entropyMeans, rowEntropy } from '../reference/rowEntropy';
import { meanFinite } from './headSearch';
import { deviceModel, type LoadedModel } from './modelProvider';
import type { RunContext } from './run';

function tokensOf(lm: LoadedModel, text: string): Int32Array {
  const all = lm.tokenizer.encode(text, lm.model.config.bos);
  return all.slice(0, lm.model.config.nCtx);
}

/** α₀ and mean entropy (rows ≥ 1) of every head from its maps, reduced into one row. */
function rowOf(id: string, model: Model, meanLoss: number, n: number, mapOf: (l: number, h: number) => ArrayLike<number>, eps: number): FamilyRow {
  const { nLayer: L, nHead: H } = model.config;
  const alpha0 = new Float32Array(L * H);
  const entropy = new Float32Array(L * H);
  for (let l = 0; l < L; l++) {
    for (let h = 0; h < H; h++) {
      const p = mapOf(l, h);
      let a = 0;
      for (let i = 0; i < n; i++) a += p[i * n] as number;
      alpha0[l * H + h] = a / n;
      entropy[l * H + h] = n > 1 ? entropyMeans(rowEntropy(p, n)).from1 : NaN;
    }
  }
  const layerEntropy = Array.from({ length: L }, (_, l) => meanFinite(entropy.subarray(l * H, (l + 1) * H)));
  return { model: id, meanLoss, n, layers: L, heads: H, alpha0, entropy, layerEntropy, sinkHeads: alpha0.filter((a) => a > eps).length };
}

/** Chunks' typed arrays are transferred (detached here) when sent: send copies, keep the originals. */
const copies = (rows: readonly FamilyRow[]): FamilyRow[] => rows.map((r) => ({ ...r, alpha0: r.alpha0.slice(), entropy: r.entropy.slice() }));

async function loadAll(ctx: RunContext): Promise<LoadedModel[]> {
  if (!ctx.models) throw new LabError('bad-input', 'no model provider here');
  const out: LoadedModel[] = [];
  for (const id of SHIPPED_MODELS) out.push(await ctx.models.load(id));
  return out;
}

function textOf(exp: Experiment): string {
  if (exp.source.kind !== 'model') throw new LabError('bad-input', 'the model family compares on a model source\'s text');
  return exp.source.text;
}

export async function familyGpu(k: Kernels, exp: Experiment, ctx: RunContext): Promise<void> {
  const text = textOf(exp);
  const rows: FamilyRow[] = [];
  for (const lm of await loadAll(ctx)) {
    if (ctx.signal.aborted) throw new LabError('aborted', 'run superseded');
    const dm = await deviceModel(k, lm);
    const ids = tokensOf(lm, text);
    const n = ids.length;
    const fwd = await forward(dm.kernels, dm.gpu, ids, { captureQKV: true });
    try {
      const { nLayer: L, nHead: H } = lm.model.config;
      const maps: Float32Array[] = [];
      for (let l = 0; l < L; l++) for (let h = 0; h < H; h++) maps.push(await fwd.attention(l, h));
      rows.push(rowOf(lm.id, lm.model, fwd.meanLoss, n, (l, h) => maps[l * H + h] as Float32Array, exp.analysis.sinks.eps));
    } finally {
      fwd.dispose();
    }
    await ctx.emit({ kind: 'family', runId: ctx.runId, rows: copies(rows) });
  }
}

export async function familyCpu(exp: Experiment, ctx: RunContext): Promise<void> {
  const text = textOf(exp);
  const rows: FamilyRow[] = [];
  for (const lm of await loadAll(ctx)) {
    await new Promise((r) => setTimeout(r, 0));
    if (ctx.signal.aborted) throw new LabError('aborted', 'run superseded');
    const ids = tokensOf(lm, text);
    const ref = await forwardRefAsync(lm.model, ids, { maps: true }, yieldNow);
    const maps = ref.maps ?? [];
    rows.push(rowOf(lm.id, lm.model, meanFinite(ref.loss), ids.length, (l, h) => maps[l]?.[h] as Float64Array, exp.analysis.sinks.eps));
    await ctx.emit({ kind: 'family', runId: ctx.runId, rows: copies(rows) });
  }
}
