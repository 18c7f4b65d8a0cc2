// topkOverlap.wgsl — per-row overlap |K_A ∩ K_B| / |K_A| of two kept sets of causal [n, n] maps,
// K_X = {j ≤ i : X_ij ≥ tX_i}, with the thresholds tX [n] from rowThreshold (so ties at the
// threshold count as kept, exactly as there). 1 means B keeps every key A keeps.
//
// Algorithm: one workgroup per row; invocations stride over j ≤ i and tree-reduce
// (|K_A ∩ K_B|, |K_A|) together. |K_A| ≥ 1 because tA_i is an entry of row i.
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (n) workgroups, row = workgroup_id.x.
// Bindings: 0 params (uniform) · 1 A [n, n] (read) · 2 B [n, n] (read) · 3 tA [n] (read) ·
//   4 tB [n] (read) · 5 overlap [n] (write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> tA: array<f32>;
@group(0) @binding(4) var<storage, read> tB: array<f32>;
@group(0) @binding(5) var<storage, read_write> overlap: array<f32>;

var<workgroup> red: array<vec2f, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let n = params.n;
  let i = wg.x;
  let lid = lid3.x;
  let row = i * n;
  let ta = tA[i];
  let tb = tB[i];
  var acc = vec2f(0.0); // (both, A)
  for (var j = lid; j <= i; j += WG) {
    if (a[row + j] >= ta) {
      acc.y += 1.0;
      if (b[row + j] >= tb) { acc.x += 1.0; }
    }
  }
  red[lid] = acc;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { red[lid] = red[lid] + red[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) { overlap[i] = red[0].x / red[0].y; }
}
