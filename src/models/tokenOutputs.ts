/**
 * What a forward pass reports per position from its logits, shared by the float64 passes: the
 * next-token cross-entropy and the top-5, through the tokenLoss twin (the GPU's tokenLoss.wgsl).
 */
import { TOKEN_LOSS_STRIDE, tokenLoss } from '../reference/tokenLoss';

/** loss [n] in nats (NaN at the last position, which has no next token); top ids/probs [n, 5]. */
export function nextTokenOutputs(
  logits: Float64Array,
  tokens: ArrayLike<number>,
  n: number,
  vocab: number,
): { loss: Float64Array; top: { ids: Int32Array; probs: Float64Array } } {
  const targets = Float64Array.from({ length: n }, (_, i) => (i + 1 < n ? (tokens[i + 1] as number) : -1));
  const s = tokenLoss(logits, targets, n, vocab);
  const loss = new Float64Array(n);
  const ids = new Int32Array(n * 5);
  const probs = new Float64Array(n * 5);
  for (let i = 0; i < n; i++) {
    const l = s[i * TOKEN_LOSS_STRIDE] as number;
    loss[i] = l < 0 ? NaN : l;
    for (let t = 0; t < 5; t++) {
      ids[i * 5 + t] = s[i * TOKEN_LOSS_STRIDE + 2 + t] as number;
      probs[i * 5 + t] = s[i * TOKEN_LOSS_STRIDE + 7 + t] as number;
    }
  }
  return { loss, top: { ids, probs } };
}
