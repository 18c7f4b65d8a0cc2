// attnScores.wgsl — scaled attention scores for one head: S_ij = m_i · scale · q_i·k_j.
//
// m [n] is an optional per-row multiplier (Selective Attention's row temperature, docs/methods.md "Selective temperature"),
// read only when hasRowScale = 1; it is applied to the raw logits, before any masking (the
// normaliser masks), so a masked entry can never be scaled. Without it m_i = 1 exactly.
//
// Algorithm: shared-memory tiling. A workgroup computes one TILE×TILE block of S; each
// invocation owns one entry and walks the head dimension in chunks of TILE, with the chunk of
// Q rows and K rows staged in workgroup memory. Blocks that lie wholly above the diagonal
// (every key after every query) are skipped: the causal normaliser never reads them.
//
// Workgroup: (TILE, TILE) invocations. Dispatch: (⌈n/TILE⌉, ⌈n/TILE⌉).
// Bindings: 0 params (uniform) · 1 Q [n, d] (read) · 2 K [n, d] (read) · 3 S [n, n] (write) ·
// 4 m [n] (read; a placeholder when hasRowScale = 0).

override TILE: u32 = 16u;

struct Params {
  n: u32,
  d: u32,
  scale: f32,
  hasRowScale: u32,
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
  let row0 = wg.y * TILE;
  let col0 = wg.x * TILE;
  if (col0 > row0 + TILE - 1u) {
    return; // whole block is above the diagonal
  }
  let i = row0 + lid.y;
  let j = col0 + lid.x;
  var acc = 0.0;
  for (var c0 = 0u; c0 < d; c0 += TILE) {
    let c = c0 + lid.x;
    let qi = row0 + lid.y;
    let kj = col0 + lid.y;
    var qv = 0.0;
    var kv = 0.0;
    if (qi < n && c < d) { qv = q[qi * d + c]; }
    if (kj < n && c < d) { kv = k[kj * d + c]; }
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
    s[i * n + j] = v;
  }
}
