// rowDivergence.wgsl — per-row divergences of a method map B from a baseline map A, both causal
// [n, n] and row-stochastic, over the causal support j ≤ i (docs/methods.md "Order of operations", "Masks"), in nats:
//   KL(A‖B) = Σ_j A_ij ln(A_ij / B_ij), +inf (f32 infinity) when some B_ij = 0 < A_ij;
//   JS(A, B) = ½ KL(A‖M) + ½ KL(B‖M), M = (A + B)/2, always finite, in [0, ln 2].
// The JS *distance* is √JS. 0·ln 0 := 0 everywhere, so masked (zero) entries never reach log().
//
// Algorithm: one workgroup per row; invocations stride over j ≤ i and tree-reduce
// (KL, JS, count of support violations) together. Infinity is written only at the end, from the
// violation count, so no reduction ever adds infinities.
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (n) workgroups, row = workgroup_id.x.
// Bindings: 0 params (uniform) · 1 A [n, n] (read) · 2 B [n, n] (read) · 3 kl [n] (write) ·
//   4 js [n] (write).

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
@group(0) @binding(3) var<storage, read_write> kl: array<f32>;
@group(0) @binding(4) var<storage, read_write> js: array<f32>;

var<workgroup> red: array<vec3f, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let n = params.n;
  let i = wg.x;
  let lid = lid3.x;
  let row = i * n;
  var acc = vec3f(0.0); // (KL, 2·JS, violations)
  for (var j = lid; j <= i; j += WG) {
    let x = a[row + j];
    let y = b[row + j];
    let m = 0.5 * (x + y);
    if (x > 0.0) {
      acc.y += x * log(x / m);
      if (y > 0.0) { acc.x += x * log(x / y); } else { acc.z += 1.0; }
    }
    if (y > 0.0) { acc.y += y * log(y / m); }
  }
  red[lid] = acc;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { red[lid] = red[lid] + red[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let r = red[0];
    let infBits = 0x7f800000u; // a runtime value: a constant infinity would not compile
    kl[i] = select(r.x, bitcast<f32>(infBits), r.z > 0.0);
    js[i] = 0.5 * r.y;
  }
}
