import type { LossChunk, StatsChunk } from '../../schema/chunk';
import type { Experiment } from '../../schema/experiment';

/** One row per pane × head: the numbers the summary and head tables show. */
export function statsRows(exp: Experiment, stats: readonly (readonly (StatsChunk | undefined)[])[], losses: readonly (LossChunk | null)[] = []): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  exp.methods.forEach((m, pane) => {
    (stats[pane] ?? []).forEach((s) => {
      if (!s) return;
      rows.push({
        pane,
        method: m.id,
        layer: s.layer,
        head: s.head,
        mean_entropy_nats: s.meanEntropy,
        mean_entropy_rows_ge1_nats: s.meanEntropyFrom1,
        mean_normalised_entropy: s.meanNormEntropy,
        act_detected_sinks: s.sinks.detected.join(' '),
        non_initial_sinks: s.sinks.nonInitial.join(' '),
        mean_sink_mass: s.meanSinkMass,
        sparsity: s.mask ? s.mask.sparsity : '',
        mean_retained_mass: s.mask ? s.mask.meanRetained : '',
        kl_to_reference: s.vsBase ? s.vsBase.meanKL : '',
        js_to_reference: s.vsBase ? s.vsBase.meanJS : '',
        topk_overlap: s.vsBase ? s.vsBase.meanOverlap : '',
        output_change: s.vsBase ? s.vsBase.meanOutDelta : '',
        // A model source: the model's loss with this pane's method inside it (every layer and head).
        model_loss_nats: losses[pane]?.meanLoss ?? '',
      });
    });
  });
  return rows;
}
