// matmul.wgsl — dense product C = A · B, e.g. the projections Q = X W_Q, K = X W_K.
//
// Algorithm: shared-memory tiling. A workgroup computes one TILE×TILE block of C; each invocation
// owns one entry and walks the inner dimension in chunks of TILE, with the A block (rows of C ×
// chunk) and the B block (chunk × columns of C) staged in workgroup memory. Out-of-range loads
// read 0, so any m, k, n works.
//
// Workgroup: (TILE, TILE) invocations, x = column, y = row. Dispatch: (⌈n/TILE⌉, ⌈m/TILE⌉).
// Bindings: 0 params (uniform) · 1 A [m, k] (read) · 2 B [k, n] (read) · 3 C [m, n] (write).

override TILE: u32 = 16u;

struct Params {
  m: u32,
  k: u32,
  n: u32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

var<workgroup> aTile: array<f32, TILE * TILE>;
var<workgroup> bTile: array<f32, TILE * TILE>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let m = params.m;
  let k = params.k;
  let n = params.n;
  let i = wg.y * TILE + lid.y;
  let j = wg.x * TILE + lid.x;
  var acc = 0.0;
  for (var t0 = 0u; t0 < k; t0 += TILE) {
    let ta = t0 + lid.x; // column of A this invocation stages
    let tb = t0 + lid.y; // row of B this invocation stages
    var av = 0.0;
    var bv = 0.0;
    if (i < m && ta < k) { av = a[i * k + ta]; }
    if (tb < k && j < n) { bv = b[tb * n + j]; }
    aTile[lid.y * TILE + lid.x] = av;
    bTile[lid.y * TILE + lid.x] = bv;
    workgroupBarrier();
    for (var t = 0u; t < TILE; t++) {
      acc += aTile[lid.y * TILE + t] * bTile[t * TILE + lid.x];
    }
    workgroupBarrier();
  }
  if (i < m && j < n) {
    c[i * n + j] = acc;
  }
}
