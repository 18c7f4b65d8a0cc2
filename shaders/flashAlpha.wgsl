// flashAlpha.wgsl — received attention α_j = (1/(n−j)) Σ_chunks partial[head, chunk, j]: the
// last step of the fused path, adding flashColumns.wgsl's per-chunk column sums of P.
//
// Algorithm: one invocation per (head, key j) adds its chunks in order (deterministic) and
// divides by the n − j queries that can see key j. Reads are coalesced across j.
//
// Workgroup: (WG) invocations. Dispatch: (⌈n/WG⌉, heads).
// Bindings: 0 params (uniform) · 1 partial [heads, chunks, n] (read) · 2 α [heads, n] (write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  chunks: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> partial: array<f32>;
@group(0) @binding(2) var<storage, read_write> alpha: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(workgroup_id) wg: vec3u) {
  let n = params.n;
  let j = gid.x;
  let head = wg.y;
  if (j >= n) { return; }
  var acc = 0.0;
  for (var c = 0u; c < params.chunks; c++) {
    acc += partial[(head * params.chunks + c) * n + j];
  }
  alpha[head * n + j] = acc / f32(n - j);
}
