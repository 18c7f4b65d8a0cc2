// rowDistance.wgsl — per-row Euclidean distance ‖X_i − Y_i‖₂ of two [n, m] matrices, e.g. the
// output error ‖O′_i − O_i‖ of a sparse method against dense attention (docs/methods.md "Order of operations").
//
// Algorithm: one workgroup per row; invocations stride over the m columns, sum squared
// differences and tree-reduce in workgroup memory; invocation 0 writes the square root.
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (n) workgroups, row = workgroup_id.x.
// Bindings: 0 params (uniform) · 1 X [n, m] (read) · 2 Y [n, m] (read) · 3 dist [n] (write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  m: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> dist: array<f32>;

var<workgroup> red: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let m = params.m;
  let i = wg.x;
  let lid = lid3.x;
  var acc = 0.0;
  for (var c = lid; c < m; c += WG) {
    let d = x[i * m + c] - y[i * m + c];
    acc += d * d;
  }
  red[lid] = acc;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { red[lid] = red[lid] + red[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) { dist[i] = sqrt(red[0]); }
}
