// rowEntropy.wgsl — row entropy H_i = −Σ_j P_ij ln P_ij (nats) of an [n, n] probability map.
//
// Row reductions (reduceSum, reduceMax, reduceMin over `red`) come from common/rowReduce.wgsl,
// which the wrapper appends.
//
// Algorithm: one workgroup per row; invocations stride over the row, skip P = 0 (0·ln 0 := 0,
// so masked entries never produce 0·(−∞) = NaN), and tree-reduce the partial sums in
// workgroup memory.
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (n) workgroups, row = workgroup_id.x.
// Bindings: 0 params (uniform) · 1 P [n, n] (read) · 2 H [n] (write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> p: array<f32>;
@group(0) @binding(2) var<storage, read_write> h: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let n = params.n;
  let i = wg.x;
  let lid = lid3.x;
  var acc = 0.0;
  for (var j = lid; j < n; j += WG) {
    let x = p[i * n + j];
    if (x > 0.0) { acc -= x * log(x); }
  }
  let total = reduceSum(lid, acc);
  if (lid == 0u) { h[i] = total; }
}
