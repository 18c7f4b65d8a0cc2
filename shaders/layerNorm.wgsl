// layerNorm.wgsl — LayerNorm of each row of X [rows, d]: Y = (x − μ) / √(σ² + eps) · γ + β.
//
// Row reductions (reduceSum, reduceMax, reduceMin over `red`) come from common/rowReduce.wgsl,
// which the wrapper appends.
//
// Algorithm: one workgroup per row, two passes over the row (mean, then the mean of squared
// deviations: the two-pass variance, no E[x²] − μ² cancellation), tree-reduced in workgroup
// memory, then a strided write of the normalised row. σ² is the biased variance, as PyTorch's.
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (rows) workgroups, row = workgroup_id.x.
// Bindings: 0 params (uniform) · 1 X [rows, d] (read) · 2 γ [d] (read) · 3 β [d] (read) ·
// 4 Y [rows, d] (write).

override WG: u32 = 64u;

struct Params {
  rows: u32,
  d: u32,
  eps: f32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> gamma: array<f32>;
@group(0) @binding(3) var<storage, read> beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let d = params.d;
  let row = wg.x * d;
  let lid = lid3.x;
  var s = 0.0;
  for (var c = lid; c < d; c += WG) { s += x[row + c]; }
  let mean = reduceSum(lid, s) / f32(d);
  var q = 0.0;
  for (var c = lid; c < d; c += WG) {
    let t = x[row + c] - mean;
    q += t * t;
  }
  let inv = inverseSqrt(reduceSum(lid, q) / f32(d) + params.eps);
  for (var c = lid; c < d; c += WG) {
    y[row + c] = (x[row + c] - mean) * inv * gamma[c] + beta[c];
  }
}
