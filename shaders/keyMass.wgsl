// keyMass.wgsl — per row, the attention mass on a weighted set of keys: m_i = Σ_{j≤i} P_ij · w_j.
//
// Row reductions (reduceSum, reduceMax, reduceMin over `red`) come from common/rowReduce.wgsl,
// which the wrapper appends.
//
// With w the 0/1 indicator of detected sinks, m_i is the share of row i's mass the sinks take
// (ACT's s_i when w marks the calibrated set). One workgroup per row; invocations stride over the
// visible keys and tree-reduce their partial sums in workgroup memory.
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (n) workgroups, row = workgroup_id.x.
// Bindings: 0 params (uniform) · 1 P [n, n] (read) · 2 w [n] (read) · 3 m [n] (write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> p: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let n = params.n;
  let i = wg.x;
  let lid = lid3.x;
  var acc = 0.0;
  for (var j = lid; j <= i; j += WG) {
    acc += p[i * n + j] * w[j];
  }
  let total = reduceSum(lid, acc);
  if (lid == 0u) { m[i] = total; }
}
