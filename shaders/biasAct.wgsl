// biasAct.wgsl — Y = act(X + b) + R for X [rows, cols], a bias b [cols] broadcast over rows, act
// the identity or GPT-2's GELU (tanh approximation, 0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³)))),
// and an optional residual R [rows, cols]. Covers a linear layer's bias, the MLP's activation and
// the residual stream's add after a projection.
//
// The tanh argument is clamped to ±15 (tanh(15) rounds to 1 in f32), so no implementation's
// exp-based tanh can overflow into NaN for large activations.
//
// Workgroup: (WG) invocations along a row. Dispatch: (⌈cols/WG⌉, rows).
// Bindings: 0 params (uniform) · 1 X (read) · 2 b [cols] (read) · 3 R (read; a placeholder when
// hasResidual = 0) · 4 Y (write).

override WG: u32 = 64u;

struct Params {
  rows: u32,
  cols: u32,
  gelu: u32,
  hasResidual: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> r: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;

const SQRT_2_OVER_PI: f32 = 0.7978845608028654;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let c = wg.x * WG + lid.x;
  let i = wg.y;
  if (c >= params.cols || i >= params.rows) { return; }
  let at = i * params.cols + c;
  var z = x[at] + b[c];
  if (params.gelu == 1u) {
    let u = clamp(SQRT_2_OVER_PI * (z + 0.044715 * z * z * z), -15.0, 15.0);
    z = 0.5 * z * (1.0 + tanh(u));
  }
  if (params.hasResidual == 1u) { z += r[at]; }
  y[at] = z;
}
