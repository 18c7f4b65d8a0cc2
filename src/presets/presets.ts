import type { Experiment } from '../schema/experiment';
import { decodeExperiment } from '../url/codec';

/**
 * Classroom presets: each is a link (so it is exactly what a teacher would share) with a title
 * and a short explanation of what to look at. Decoded and validated at start-up.
 */
export interface Preset {
  readonly id: string;
  readonly title: string;
  readonly explanation: string;
  /** What to do or look for, one sentence. */
  readonly task: string;
  readonly link: string;
}

export const PRESET_LINKS: readonly Preset[] = [
  {
    id: 'sink',
    title: 'Meet the attention sink',
    explanation: 'Many heads send most of their attention to one token, often the first, whatever the text says: an attention sink.',
    task: 'Find the bright column in the map, then compare the α bars: one key receives far more than uniform attention would give.',
    link: '#v=1&seed=7&n=48&h=6&d=16&sink=0&ss=4&p0=softmax&head=0',
  },
  {
    id: 'hidden-sinks',
    title: 'Hidden sinks and ACT',
    explanation: 'Sinks need not be at token 0. ACT finds every key whose received attention passes τ, spares the first, and scales the others by β, giving their mass back to the rest of each row.',
    task: 'Look at the difference pane: purple where ACT removed mass from a hidden sink, orange where the mass went.',
    link: '#v=1&seed=11&n=40&h=4&d=16&sink=5&ss=4&head=1&p0=softmax&p1=act&p1.tau=0.08&p1.beta=0.3&diff=1-0',
  },
  {
    id: 'dilution',
    title: 'Dilution at long context and selective temperature',
    explanation: 'Later queries see more keys, so plain softmax spreads thinner: entropy climbs and the largest weight falls. A position temperature m_i = 1 + c·ln(i+1) keeps them sharp.',
    task: 'In the temperature panel, compare the dilution plot: entropy and max weight against ln(i+1), before and after.',
    link: '#v=1&seed=3&n=256&h=4&d=16&sink=none&sharp=1.5&head=0&p0=softmax&p1=temperature&p1.c=0.5&diff=1-0&pane=1',
  },
  {
    id: 'collapse',
    title: 'Entropy collapse and σReparam',
    explanation: 'When W_Q and W_K grow, logits grow with their product and attention collapses onto single keys. σReparam trains every weight as Ŵ = γ·W/σ(W); this pane applies that rescale at inference [lab] with fixed γ = 1, so the rescaled weights no longer depend on the scale of W. Theorem 3.1 gives a lower bound on the entropy from σ(W_Q W_Kᵀ). The trained method itself is the shipped KJV σReparam model: pick it in the Source panel to see its learned γ and, in the Models panel, its training curves beside the baseline’s.',
    task: 'Read the sweep in the σReparam panel: the baseline’s entropy falls as the weights grow; the rescaled pane’s is flat because its weights do not change with the scale. The dashed curve is the bound for the original weights, not a measurement.',
    link: '#v=1&seed=5&n=64&h=4&d=16&ws=3&sink=0&ss=3&p0=softmax&p1=sigma&p1.gamma=set&diff=1-0',
  },
  {
    id: 'mass-mask',
    title: 'How much mass does a sparse mask keep?',
    explanation: 'Keep, per query, the fewest keys whose attention adds up to γ: an oracle that reads the exact map, the rule FlexPrefill\'s query-aware heads approximate with pooled blocks (FlexPrefill itself selects blocks, not keys). Sparse attention is cheap when a few keys carry most of the mass.',
    task: 'Change γ in the mask panel and watch sparsity and the retained mass per row.',
    link: '#v=1&seed=7&n=128&h=4&d=16&sink=0&ss=3&mask=mass&mass=0.9&p0=softmax',
  },
  {
    id: 'window-sinks',
    title: 'Sliding window with sink tokens versus full attention',
    explanation: 'StreamingLLM keeps a recent window plus the first few tokens. Without the sink tokens, the mass they held has nowhere to go.',
    task: 'Set “Sink tokens kept” to 0 and back to 4: watch the retained mass and the change in output ‖O′ − O‖.',
    link: '#v=1&seed=7&n=128&h=4&d=16&sink=0&ss=4&mask=window&win=16&wsinks=4&p0=softmax',
  },
  {
    id: 'normalisers',
    title: 'Softmax, sigmoid and the zero sink',
    explanation: 'Sigmoid attention scores each key on its own, σ(S_ij + b), so rows need not sum to 1; softmax-off-by-one adds 1 to the denominator, a zero sink that lets a query attend to nothing. Their papers train with them, which removes the pressure that creates sinks; here they act on the same fixed logits. softmax₁ is then softmax scaled by each row\'s mass: its map, renormalised for display, looks like softmax, but its output O = A·V shrinks with the row mass. Sigmoid changes the map itself.',
    task: 'In the summary table compare the row mass and ‖O′−O‖ columns: softmax₁ changes the output though its renormalised map matches softmax; the difference pane shows how sigmoid changes the map.',
    link: '#v=1&seed=7&n=48&h=4&d=16&sink=0&ss=4&p0=softmax&p1=sigmoid&p2=softmax1&diff=1-0',
  },
  {
    id: 'real-sinks',
    title: 'Sinks in a real language model',
    explanation: 'A small GPT trained here on the King James Bible reads Genesis 1:1. Some of its 96 heads send a large share of every query\'s attention to the first token (BOS), whatever the text says: real attention sinks. Others have sinks later in the text: the selected head (layer 2, head 8) has two at τ = 0.3; ACT spares the first and calibrates the other, in this head only, and the model\'s loss shows what that gains.',
    task: 'Colour the overview by α₀ and find the brightest heads; compare the two panes\' loss in the model panel; then try "Search heads by loss" in the ACT panel: it picks heads on a held-out calibration passage, and "Apply searched set" calibrates them all.',
    link: '#v=1&model=kjv-baseline&text=In+the+beginning+God+created+the+heaven+and+the+earth.&layer=2&head=8&p0=softmax&p1=act&p1.tau=0.3&diff=1-0',
  },
  {
    id: 'llama-sinks',
    title: 'A sink in a Llama: rotary positions, shared keys',
    explanation: 'The same text through a Llama-architecture model trained here on the same Bible: rotary position embeddings, RMSNorm, SwiGLU, and 8 query heads that share 2 key/value heads. Its head L4H7 still sends a large share of attention to the BOS token, though no position embedding marks it: the sink comes from the data and the softmax, not from one architecture.',
    task: 'Colour the overview by α₀: which heads are bright? Heads 4–7 of a layer share one K/V head; do they share the sink? ACT here (τ = 0.1) leaves the BOS sink alone and calibrates a second, hidden sink at token 3: compare the two maps and the model\'s loss (it falls).',
    link: '#v=1&model=kjv-llama&text=In+the+beginning+God+created+the+heaven+and+the+earth.&layer=4&head=7&p0=softmax&p1=act&p1.tau=0.1&diff=1-0',
  },
];

export interface LoadedPreset extends Preset {
  readonly experiment: Experiment;
}

/** The presets as Experiments; a preset whose link does not decode is a programming error. */
export function loadPresets(): LoadedPreset[] {
  return PRESET_LINKS.map((p) => {
    const d = decodeExperiment(p.link);
    if (!d.ok) throw new Error(`preset ${p.id}: ${d.issues.map((i) => i.message).join('; ')}`);
    return { ...p, experiment: d.experiment };
  });
}
