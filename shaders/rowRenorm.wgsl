// rowRenorm.wgsl — row-renormalised weights of a non-stochastic causal map: P̃_ij = P_ij / Σ_{j′≤i} P_ij′.
//
// Row reductions (reduceSum, reduceMax, reduceMin over `red`) come from common/rowReduce.wgsl,
// which the wrapper appends.
//
// Entropy and sink statistics of kernels whose rows do not sum to 1 (sigmoid, linear) are taken
// on these rows (docs/methods.md "Entropy"); the row mass itself is keyMass with w = ones. A row whose sum is
// 0 becomes all 0 (not NaN). Entries j > i are written as exactly 0. The sum is tree-reduced in
// workgroup memory.
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (n) workgroups, row = workgroup_id.x.
// Bindings: 0 params (uniform) · 1 P [n, n] (read) · 2 P̃ [n, n] (write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> p: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let n = params.n;
  let i = wg.x;
  let lid = lid3.x;
  let row = i * n;
  var acc = 0.0;
  for (var j = lid; j <= i; j += WG) { acc += p[row + j]; }
  let z = reduceSum(lid, acc);
  for (var j = lid; j < n; j += WG) {
    var v = 0.0;
    if (j <= i && z != 0.0) { v = p[row + j] / z; }
    out[row + j] = v;
  }
}
