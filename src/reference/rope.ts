/**
 * Float64 twin of shaders/rope.wgsl: rotary position embeddings in Hugging Face's rotate_half
 * layout (the two halves of a head are the pair, not neighbouring entries; docs/methods.md,
 * "Llama-family models"), applied in place to the heads of X [n, stride]:
 *
 *   for head h < heads, its columns b = offset + h·d, and c < d/2, at position i:
 *     x′[b + c]       = x[b + c] · cos_ic − x[b + c + d/2] · sin_ic
 *     x′[b + c + d/2] = x[b + c + d/2] · cos_ic + x[b + c] · sin_ic
 *
 * cos_ic = cos(i · f_c), sin_ic = sin(i · f_c) with the inverse frequencies f_c of ropeInvFreq.
 * The tables are computed here, on the host, for both engines: the GPU reads them rather than
 * calling WGSL's cos/sin, whose accuracy is only specified on [−π, π] (angles reach n rad).
 */

/** How rotary frequencies are scaled (transformers' rope_type). */
export type RopeScaling =
  | { readonly kind: 'none' }
  /** Position interpolation: every inverse frequency divided by `factor`. */
  | { readonly kind: 'linear'; readonly factor: number }
  /** Llama 3.1/3.2: low frequencies divided by `factor`, high ones kept, a smooth ramp between. */
  | {
      readonly kind: 'llama3';
      readonly factor: number;
      readonly lowFreqFactor: number;
      readonly highFreqFactor: number;
      /** Context length of the original pre-training, in tokens. */
      readonly originalMaxPositions: number;
    };

export interface RopeConfig {
  /** Base θ of the inverse frequencies θ^(−2c/d). */
  readonly theta: number;
  readonly scaling: RopeScaling;
}

/**
 * Inverse frequencies f_c [d/2] in radians per position: θ^(−2c/d), then the scaling
 * (transformers' _compute_default / _compute_linear / _compute_llama3_parameters). transformers
 * computes these in f32 tensors, one rounding per operation; so does this (Math.fround after
 * each step), so the angles agree with PyTorch's to the last bit or one ulp (pow may differ).
 */
export function ropeInvFreq(d: number, rope: RopeConfig): Float64Array {
  const r = Math.fround;
  const f = new Float64Array(d / 2);
  const s = rope.scaling;
  for (let c = 0; c < d / 2; c++) {
    let x = r(1 / r(rope.theta ** r((2 * c) / d)));
    if (s.kind === 'linear') x = r(x / s.factor);
    else if (s.kind === 'llama3') {
      const wavelen = r(r(2 * Math.PI) / x);
      const lowWavelen = s.originalMaxPositions / s.lowFreqFactor;
      const highWavelen = s.originalMaxPositions / s.highFreqFactor;
      if (wavelen > lowWavelen) x = r(x / s.factor); // low frequency: interpolated
      else if (wavelen >= highWavelen) {
        // medium: a ramp from interpolated to kept
        const smooth = r(r(r(s.originalMaxPositions / wavelen) - s.lowFreqFactor) / r(s.highFreqFactor - s.lowFreqFactor));
        x = r(r(r(r(1 - smooth) * x) / s.factor) + r(smooth * x));
      }
    }
    f[c] = x;
  }
  return f;
}

/**
 * cos and sin tables [n, d/2] for positions 0…n−1. The angle i · f_c is rounded to f32 first,
 * as transformers forms it (an f32 product under autocast-disabled), then cos and sin are exact.
 */
export function ropeTables(n: number, d: number, rope: RopeConfig): { readonly cos: Float64Array; readonly sin: Float64Array } {
  const f = ropeInvFreq(d, rope);
  const half = d / 2;
  const cos = new Float64Array(n * half);
  const sin = new Float64Array(n * half);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < half; c++) {
      const a = Math.fround(i * (f[c] as number));
      cos[i * half + c] = Math.cos(a);
      sin[i * half + c] = Math.sin(a);
    }
  }
  return { cos, sin };
}

/** Applies the rotation in place to heads 0…heads−1 of x [n, stride] starting at column `offset`. */
export function rope(
  x: Float64Array,
  n: number,
  stride: number,
  offset: number,
  heads: number,
  d: number,
  cos: ArrayLike<number>,
  sin: ArrayLike<number>,
): Float64Array {
  const half = d / 2;
  for (let i = 0; i < n; i++) {
    for (let h = 0; h < heads; h++) {
      const b = i * stride + offset + h * d;
      for (let c = 0; c < half; c++) {
        const x1 = x[b + c] as number;
        const x2 = x[b + c + half] as number;
        const co = cos[i * half + c] as number;
        const si = sin[i * half + c] as number;
        x[b + c] = x1 * co - x2 * si;
        x[b + c + half] = x2 * co + x1 * si;
      }
    }
  }
  return x;
}
