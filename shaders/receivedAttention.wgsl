// receivedAttention.wgsl — received attention α_j = (1/(n−j)) Σ_{i=j}^{n−1} P_ij of a causal map.
//
// Algorithm: one invocation per key column j walks the queries i = j … n−1 that can see it and
// divides by their count n − j (docs/methods.md "Received attention and sinks", the ACT / Gu et al. sink statistic). Neighbouring
// invocations read neighbouring columns of the same row, so each step is one coalesced row read.
// No shared memory and no barriers.
//
// Workgroup: (WG) invocations. Dispatch: (⌈n/WG⌉), j = global_invocation_id.x.
// Bindings: 0 params (uniform) · 1 P [n, n] (read) · 2 α [n] (write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> p: array<f32>;
@group(0) @binding(2) var<storage, read_write> alpha: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let n = params.n;
  let j = gid.x;
  if (j >= n) { return; }
  var acc = 0.0;
  for (var i = j; i < n; i++) {
    acc += p[i * n + j];
  }
  alpha[j] = acc / f32(n - j);
}
