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
    explanation: 'When W_Q and W_K grow, logits grow with their product and attention collapses onto single keys. σReparam divides each weight by its spectral norm, so entropy cannot fall below Theorem 3.1’s bound.',
    task: 'Read the sweep in the σReparam panel: the baseline’s entropy falls as the weights grow; σReparam’s stays flat.',
    link: '#v=1&seed=5&n=64&h=4&d=16&ws=3&sink=0&ss=3&p0=softmax&p1=sigma&diff=1-0',
  },
  {
    id: 'mass-mask',
    title: 'How much mass does a sparse mask keep?',
    explanation: 'FlexPrefill keeps, per query, the fewest keys whose attention adds up to γ. Sparse attention is cheap when a few keys carry most of the mass.',
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
    explanation: 'Sigmoid attention does not force rows to sum to 1, and softmax-off-by-one lets a query attend to nothing: both remove the pressure that creates sinks.',
    task: 'Compare the sink mass and row mass columns of the summary table across the three panes.',
    link: '#v=1&seed=7&n=48&h=4&d=16&sink=0&ss=4&p0=softmax&p1=sigmoid&p2=softmax1&diff=1-0',
  },
  {
    id: 'real-sinks',
    title: 'Sinks in a real language model',
    explanation: 'A small GPT trained here on the King James Bible reads Genesis 1:1. Some of its 96 heads send a large share of every query\'s attention to the first token (BOS), whatever the text says: real attention sinks. ACT calibrates this one and the model\'s loss shows what that costs or gains.',
    task: 'Colour the overview by α₀ and find the brightest heads; hover the tokens to see what the model predicts, then try "Search heads by loss" in the ACT panel.',
    link: '#v=1&model=kjv-baseline&text=In+the+beginning+God+created+the+heaven+and+the+earth.&layer=0&head=2&p0=softmax&p1=act&p1.tau=0.3&diff=1-0',
  },
  {
    id: 'llama-sinks',
    title: 'A sink in a Llama: rotary positions, shared keys',
    explanation: 'The same text through a Llama-architecture model trained here on the same Bible: rotary position embeddings, RMSNorm, SwiGLU, and 8 query heads that share 2 key/value heads. Its head L4H7 still sends a large share of attention to the BOS token, though no position embedding marks it: the sink comes from the data and the softmax, not from one architecture.',
    task: 'Colour the overview by α₀: which heads are bright? Heads 4–7 of a layer share one K/V head; do they share the sink? Then compare the loss with ACT on this head.',
    link: '#v=1&model=kjv-llama&text=In+the+beginning+God+created+the+heaven+and+the+earth.&layer=4&head=7&p0=softmax&p1=act&p1.tau=0.3&diff=1-0',
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
