// gqaScores.wgsl — every head's scaled scores of a layer in one dispatch, with grouped queries:
//   S[h, i, j] = m_i · scale · q_{i,h} · k_{j,g(h)},  g(h) = ⌊h / group⌋, group = H / H_kv
// (HF's repeat_kv order: query heads h·group … share K/V head g). Heads are read by stride:
// q_{i,h} = Q[i · qStride + qOffset + h · d + c], k_{j,g} = K[j · kStride + kOffset + g · d + c],
// so Q and K may be one fused Q|K|V buffer bound twice, or separate buffers. m [n] is the
// optional row multiplier (selective temperature), read only when hasRowScale = 1, applied
// before any masking (the normaliser masks).
//
// Algorithm: shared-memory tiling as attnScores.wgsl: a workgroup computes one TILE×TILE block
// of one head's S, walking d in chunks of TILE with the Q rows and K rows staged in workgroup
// memory. Blocks wholly above the diagonal are skipped (the causal normaliser never reads them).
//
// Workgroup: (TILE, TILE) invocations. Dispatch: (⌈n/TILE⌉, ⌈n/TILE⌉, H), head = workgroup_id.z.
// Bindings: 0 params (uniform) · 1 Q (read) · 2 K (read) · 3 S [H, n, n] (write) ·
// 4 m [n] (read; a placeholder when hasRowScale = 0).

override TILE: u32 = 16u;

struct Params {
  n: u32,
  d: u32,
  group: u32,
  qStride: u32,
  qOffset: u32,
  kStride: u32,
  kOffset: u32,
  hasRowScale: u32,
  scale: f32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> k: array<f32>;
@group(0) @binding(3) var<storage, read_write> s: array<f32>;
@group(0) @binding(4) var<storage, read> rowScale: array<f32>;

var<workgroup> qTile: array<f32, TILE * TILE>;
var<workgroup> kTile: array<f32, TILE * TILE>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let n = params.n;
  let d = params.d;
  let h = wg.z;
  let row0 = wg.y * TILE;
  let col0 = wg.x * TILE;
  if (col0 > row0 + TILE - 1u) {
    return; // whole block is above the diagonal
  }
  let qBase = params.qOffset + h * d;
  let kBase = params.kOffset + (h / params.group) * d;
  let i = row0 + lid.y;
  let j = col0 + lid.x;
  var acc = 0.0;
  for (var c0 = 0u; c0 < d; c0 += TILE) {
    let c = c0 + lid.x;
    let qi = row0 + lid.y;
    let kj = col0 + lid.y;
    var qv = 0.0;
    var kv = 0.0;
    if (qi < n && c < d) { qv = q[qi * params.qStride + qBase + c]; }
    if (kj < n && c < d) { kv = k[kj * params.kStride + kBase + c]; }
    qTile[lid.y * TILE + lid.x] = qv;
    kTile[lid.y * TILE + lid.x] = kv;
    workgroupBarrier();
    for (var t = 0u; t < TILE; t++) {
      acc += qTile[lid.y * TILE + t] * kTile[lid.x * TILE + t];
    }
    workgroupBarrier();
  }
  if (i < n && j < n) {
    var v = acc * params.scale;
    if (params.hasRowScale == 1u) { v = v * rowScale[i]; }
    s[(h * n + i) * n + j] = v;
  }
}
