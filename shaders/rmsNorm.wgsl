// rmsNorm.wgsl — RMSNorm of each row of X [rows, d]: Y = x / √(mean(x²) + eps) · γ
// (Llama/Qwen2's RMSNorm: no mean subtracted, no β; docs/methods.md, "Llama-family models").
//
// Row reductions (reduceSum over `red`) come from common/rowReduce.wgsl, which the wrapper appends.
//
// Algorithm: one workgroup per row; each invocation sums the squares of a strided slice of the
// row, the sums are tree-reduced in workgroup memory, then a strided write of the scaled row.
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (rows) workgroups, row = workgroup_id.x.
// Bindings: 0 params (uniform) · 1 X [rows, d] (read) · 2 γ [d] (read) · 3 Y [rows, d] (write).

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
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let d = params.d;
  let row = wg.x * d;
  let lid = lid3.x;
  var q = 0.0;
  for (var c = lid; c < d; c += WG) {
    let t = x[row + c];
    q += t * t;
  }
  let inv = inverseSqrt(reduceSum(lid, q) / f32(d) + params.eps);
  for (var c = lid; c < d; c += WG) {
    y[row + c] = x[row + c] * inv * gamma[c];
  }
}
