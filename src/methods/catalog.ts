import type { MethodId } from '../schema/methods';

/** What each method does, in one paragraph, with the paper it comes from (docs/methods.md "ACT"–§6). */
export interface MethodInfo {
  readonly name: string;
  readonly short: string;
  readonly explanation: string;
  readonly citation: string;
  /** Where it acts in the pipeline (docs/methods.md "Order of operations"). */
  readonly stage: 'weights' | 'logits' | 'normaliser' | 'post-softmax' | 'none';
}

export const METHOD_INFO: Readonly<Record<MethodId, MethodInfo>> = {
  softmax: {
    name: 'Softmax (baseline)',
    short: 'softmax',
    explanation: 'Plain causal softmax of QKᵀ/√d: each query row sums to 1 over the keys it can see.',
    citation: 'Vaswani et al., "Attention Is All You Need", NeurIPS 2017.',
    stage: 'none',
  },
  act: {
    name: 'ACT — attention calibration',
    short: 'ACT',
    explanation:
      'Finds sink keys from the received attention α_j > τ, spares the first one found (usually token 0), scales the attention on the others by β and gives the freed mass back to the rest of each row in proportion to what it had, so rows stay stochastic. Applied after the softmax, on the prefill map only.',
    citation:
      'Yu, Wang, Fu, Shi, Shaikh, Lin, "Unveiling and Harnessing Hidden Attention Sinks: Enhancing Large Language Models without Training through Attention Calibration", ICML 2024 (arXiv 2406.15765).',
    stage: 'post-softmax',
  },
  temperature: {
    name: 'Selective temperature',
    short: 'temperature',
    explanation:
      'Multiplies each query row of logits by m_i = 1 + c·ln(i+1) before masking (the official code\'s position term), so later queries, which see more keys, stay sharp instead of diluting. The query-norm and value temperatures are lab designs: the paper\'s exact forms are not public.',
    citation:
      'Zhang, Chang, Li, Roy-Chowdhury, Chen, Oymak, "Selective Attention: Enhancing Transformer through Principled Context Control", NeurIPS 2024 (arXiv 2411.12892).',
    stage: 'logits',
  },
  sigma: {
    name: 'σReparam rescale [lab]',
    short: 'σReparam [lab]',
    explanation:
      'σReparam is a training method: every linear layer is trained as Ŵ = γ/σ(W)·W with a learned γ, which keeps the attention entropy from collapsing (the shipped KJV σReparam model was trained so: its weights are Ŵ, its learned γ is σ(Ŵ)). This pane is a lab tool: it applies the same rescale to W_Q and W_K of already-trained weights at inference. By default γ = σ(W), which changes nothing (and keeps a trained model\'s learned γ); move γ to rescale the logits.',
    citation:
      'Zhai, Likhomanenko, Littwin, Busbridge, Ramapuram, Zhang, Gu, Susskind, "Stabilizing Transformer Training by Preventing Attention Entropy Collapse", ICML 2023 (arXiv 2303.06296).',
    stage: 'weights',
  },
  sigmoid: {
    name: 'Sigmoid attention',
    short: 'sigmoid',
    explanation:
      'Replaces the softmax by σ(S_ij + b) with no row normalisation; b = −ln n keeps row mass near 1. Rows need not sum to 1: the outputs O = A·V and the model\'s loss use these rows as they are (as the published code does); only the map, entropy and sinks are shown on renormalised rows, beside the row mass.',
    citation: 'Ramapuram et al., "Theory, Analysis, and Best Practices for Sigmoid Self-Attention" (arXiv 2409.04431).',
    stage: 'normaliser',
  },
  softmax1: {
    name: 'Softmax off by one',
    short: 'softmax₁',
    explanation:
      'Adds 1 to the softmax denominator: an implicit "zero sink" that lets a query attend to nothing instead of dumping mass on a real token. Rows sum to less than 1, and the outputs O = A·V and the model\'s loss use them so; the map, entropy and sinks are shown on renormalised rows, beside the row mass. Described in the StreamingLLM paper, not in its code.',
    citation: 'Xiao, Tian, Chen, Han, Lewis, "Efficient Streaming Language Models with Attention Sinks", ICLR 2024 (arXiv 2309.17453).',
    stage: 'normaliser',
  },
  softplus: {
    name: 'Softplus + ℓ1 [lab form]',
    short: 'softplus',
    explanation:
      'softplus(λ_i S_ij) normalised by its row sum, with the length-dependent scale λ_i = ln(i+1)/ln n_ref, and optional sharpening A^p. The paper\'s exact constants could not be confirmed; this is the lab\'s form.',
    citation: 'Gao, Spratling, "Softplus attention with re-weighting" (arXiv 2501.13428); official code not retrievable.',
    stage: 'normaliser',
  },
};
