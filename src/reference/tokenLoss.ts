/** Entries per row of the output, as shaders/tokenLoss.wgsl: loss, logZ, 5 ids, 5 probabilities. */
export const TOKEN_LOSS_STRIDE = 12;

/**
 * Float64 twin of shaders/tokenLoss.wgsl. Row i of logits [n, V]: logZ = log Σ exp, loss =
 * logZ − l[target_i] (−1 where target < 0), then the five largest logits (ties to the lower id)
 * as ids and probabilities exp(l − logZ); ids −1 and probabilities 0 past V.
 */
export function tokenLoss(logits: ArrayLike<number>, targets: ArrayLike<number>, n: number, vocab: number): Float64Array {
  const out = new Float64Array(n * TOKEN_LOSS_STRIDE);
  for (let i = 0; i < n; i++) {
    const row = i * vocab;
    let m = -Infinity;
    for (let j = 0; j < vocab; j++) m = Math.max(m, logits[row + j] as number);
    let z = 0;
    for (let j = 0; j < vocab; j++) z += Math.exp((logits[row + j] as number) - m);
    const logZ = m + Math.log(z);
    const t = targets[i] as number;
    out[i * TOKEN_LOSS_STRIDE] = t >= 0 ? logZ - (logits[row + t] as number) : -1;
    out[i * TOKEN_LOSS_STRIDE + 1] = logZ;
    const order = Array.from({ length: vocab }, (_, j) => j).sort(
      (a, b) => (logits[row + b] as number) - (logits[row + a] as number) || a - b,
    );
    for (let k = 0; k < 5; k++) {
      const id = order[k];
      out[i * TOKEN_LOSS_STRIDE + 2 + k] = id === undefined ? -1 : id;
      out[i * TOKEN_LOSS_STRIDE + 7 + k] = id === undefined ? 0 : Math.exp((logits[row + id] as number) - logZ);
    }
  }
  return out;
}
