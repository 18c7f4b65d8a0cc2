// softmaxRows.wgsl — causal masked softmax of an [n, n] score matrix, one row per workgroup.
//
// Row reductions (reduceSum, reduceMax, reduceMin over `red`) come from common/rowReduce.wgsl,
// which the wrapper appends.
//
// Algorithm: row i sees keys j ≤ i (a boolean predicate, never an additive −1e4). Three strided
// passes over the visible keys: (1) row max m, (2) z = Σ exp(s − m), (3) write exp(s − m)/z,
// and exactly 0 for j > i so nothing from the upper triangle can leak. Max and sum are
// tree-reduced in workgroup memory.
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (n, heads) workgroups, row =
// workgroup_id.x of head workgroup_id.y (every head of a layer in one dispatch).
// Bindings: 0 params (uniform) · 1 S [heads, n, n] (read) · 2 P [heads, n, n] (write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> s: array<f32>;
@group(0) @binding(2) var<storage, read_write> p: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let n = params.n;
  let i = wg.x;
  let lid = lid3.x;
  let row = (wg.y * n + i) * n;

  var m = -3.402823e38; // lowest finite f32, so an all-(−∞) row cannot occur (the diagonal is always visible)
  for (var j = lid; j <= i; j += WG) { m = max(m, s[row + j]); }
  m = reduceMax(lid, m);

  var z = 0.0;
  for (var j = lid; j <= i; j += WG) { z += exp(s[row + j] - m); }
  z = reduceSum(lid, z);

  let inv = 1.0 / z;
  for (var j = lid; j < n; j += WG) {
    if (j <= i) {
      p[row + j] = exp(s[row + j] - m) * inv;
    } else {
      p[row + j] = 0.0;
    }
  }
}
