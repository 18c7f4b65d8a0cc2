// gqaOutput.wgsl — every head's attention output of a layer in one dispatch, with grouped
// queries, written straight into the merged [n, H·d] layout o_proj reads (head h in columns
// h·d…h·d+d−1):
//   O[i, h·d + c] = Σ_{j ≤ i} P[h, i, j] · V[j · vStride + vOffset + g(h)·d + c],  g(h) = ⌊h / group⌋
// V is read by stride (a fused Q|K|V buffer, or a separate [n, H_kv·d] one).
//
// Algorithm: shared-memory tiling as attnOutput.wgsl: a workgroup computes one TILE×TILE block
// of one head's output (queries row0…, value columns col0…) and walks the keys in chunks of
// TILE, staging the P block and the V block in workgroup memory. Keys after the block's last
// query are never visited, and P_ij is read as 0 for j > i, so P's upper triangle is never used.
//
// Workgroup: (TILE, TILE) invocations. Dispatch: (⌈d/TILE⌉, ⌈n/TILE⌉, H), head = workgroup_id.z.
// Bindings: 0 params (uniform) · 1 P [H, n, n] (read) · 2 V (read) · 3 O [n, H·d] (write).

override TILE: u32 = 16u;

struct Params {
  n: u32,
  d: u32,
  heads: u32,
  group: u32,
  vStride: u32,
  vOffset: u32,
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
  let d = params.d;
  let h = wg.z;
  let row0 = wg.y * TILE;
  let col0 = wg.x * TILE;
  let i = row0 + lid.y;
  let c = col0 + lid.x;
  let pBase = h * n * n;
  let vBase = params.vOffset + (h / params.group) * d;
  let keyEnd = min(n, row0 + TILE); // keys j ≥ keyEnd are after every query of this block
  var acc = 0.0;
  for (var j0 = 0u; j0 < keyEnd; j0 += TILE) {
    let pj = j0 + lid.x; // this invocation stages P[h, i, pj] and V[vj, c]
    let vj = j0 + lid.y;
    var pv = 0.0;
    var vv = 0.0;
    if (i < n && pj <= i) { pv = p[pBase + i * n + pj]; }
    if (vj < n && c < d) { vv = v[vj * params.vStride + vBase + c]; }
    pTile[lid.y * TILE + lid.x] = pv;
    vTile[lid.y * TILE + lid.x] = vv;
    workgroupBarrier();
    for (var t = 0u; t < TILE; t++) {
      acc += pTile[lid.y * TILE + t] * vTile[t * TILE + lid.x];
    }
    workgroupBarrier();
  }
  if (i < n && c < d) {
    o[i * params.heads * d + h * d + c] = acc;
  }
}
