// attnOutput.wgsl — attention output O = P · V for one head, P causal [n, n], V [n, dv].
//
// Algorithm: shared-memory tiling. A workgroup computes one TILE×TILE block of O (queries
// row0…, value columns col0…) and walks the keys in chunks of TILE, staging the P block and the
// V block in workgroup memory. Keys after the block's last query are never visited, and inside
// the diagonal chunk P_ij is read as 0 for j > i, so the upper triangle of P is never used.
//
// Workgroup: (TILE, TILE) invocations. Dispatch: (⌈dv/TILE⌉, ⌈n/TILE⌉).
// Bindings: 0 params (uniform) · 1 P [n, n] (read) · 2 V [n, dv] (read) · 3 O [n, dv] (write).

override TILE: u32 = 8u;

struct Params {
  n: u32,
  dv: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> p: array<f32>;
@group(0) @binding(2) var<storage, read> v: array<f32>;
@group(0) @binding(3) var<storage, read_write> o: array<f32>;

var<workgroup> pTile: array<f32, TILE * TILE>;
var<workgroup> vTile: array<f32, TILE * TILE>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let n = params.n;
  let dv = params.dv;
  let row0 = wg.y * TILE;
  let col0 = wg.x * TILE;
  let i = row0 + lid.y;
  let c = col0 + lid.x;
  let keyEnd = min(n, row0 + TILE); // keys j ≥ keyEnd are after every query of this block
  var acc = 0.0;
  for (var j0 = 0u; j0 < keyEnd; j0 += TILE) {
    let pj = j0 + lid.x; // this invocation stages P[i, pj] and V[vj, c]
    let vj = j0 + lid.y;
    var pv = 0.0;
    var vv = 0.0;
    if (i < n && pj <= i) { pv = p[i * n + pj]; }
    if (vj < n && c < dv) { vv = v[vj * dv + c]; }
    pTile[lid.y * TILE + lid.x] = pv;
    vTile[lid.y * TILE + lid.x] = vv;
    workgroupBarrier();
    for (var t = 0u; t < TILE; t++) {
      acc += pTile[lid.y * TILE + t] * vTile[t * TILE + lid.x];
    }
    workgroupBarrier();
  }
  if (i < n && c < dv) {
    o[i * dv + c] = acc;
  }
}
