// flashTiles.wgsl — the on-screen map of a head without its [n, n] matrix: tile (r, c) is the
// max (reduce = 0) or mean (reduce = 1) of P_ij = e^{s_ij − lse_i} over queries
// [r·tile, (r+1)·tile) × keys [c·tile, (c+1)·tile) clipped to the map, with s = scale·QKᵀ
// recomputed from Q and K and lse from flashRowStats.wgsl. Same reduction as mapTiles.wgsl:
// entries above the diagonal are 0 and count in the mean.
//
// Algorithm: one invocation per output tile (t ≤ 512 per side, so ≤ 2.6e5 invocations); tiles
// wholly above the diagonal write 0 at once. Each visible entry is a d-long dot product read
// from Q and K through the cache: the map is drawn once per selected head, and its cost is one
// causal QKᵀ, the same as a pass of the fused kernels.
//
// Workgroup: (8, 8). Dispatch: (⌈t/8⌉, ⌈t/8⌉, heads).
// Bindings: 0 params (uniform) · 1 Q [heads, n, d] (read) · 2 K [heads, n, d] (read)
//           · 3 lse [heads, n] (read) · 4 out [heads, t, t] (write).

struct Params {
  n: u32,
  d: u32,
  scale: f32,
  tile: u32,
  t: u32,
  reduce: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> k: array<f32>;
@group(0) @binding(3) var<storage, read> lse: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = gid.y;
  let c = gid.x;
  let t = params.t;
  if (r >= t || c >= t) { return; }
  let n = params.n;
  let d = params.d;
  let tile = params.tile;
  let head = gid.z;
  let base = head * n * d;
  let i0 = r * tile;
  let j0 = c * tile;
  let i1 = min(n, i0 + tile);
  let j1 = min(n, j0 + tile);
  var acc = 0.0;
  for (var i = max(i0, j0); i < i1; i++) {
    let li = lse[head * n + i];
    for (var j = j0; j < min(j1, i + 1u); j++) {
      var dot = 0.0;
      for (var x = 0u; x < d; x++) { dot = fma(q[base + i * d + x], k[base + j * d + x], dot); }
      let pij = exp(dot * params.scale - li);
      if (params.reduce == 0u) { acc = max(acc, pij); } else { acc += pij; }
    }
  }
  if (params.reduce == 1u) {
    acc = acc / f32((i1 - i0) * (j1 - j0));
  }
  out[(head * t + r) * t + c] = acc;
}
