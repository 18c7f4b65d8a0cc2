// flashColumns.wgsl — pass 2 of the fused path: P_ij = e^{s_ij − lse_i} recomputed from Q, K and
// pass 1's lse, summed down each key column without atomics, and (write = 1) stored as P.
//
// Algorithm: a workgroup owns one column block of BLOCK keys and one chunk of rowsPerChunk query
// rows (a multiple of BLOCK). It walks the chunk's row tiles; a tile wholly above the diagonal
// is skipped (with write = 1 its P entries are set to exactly 0 instead); otherwise
// common/flashTile.wgsl gives the scores, each invocation adds its TM columns' P over its rows
// in registers, and with write = 1 stores P (0 above the diagonal, so all n² entries are
// written). At the end the LANES row lanes of each column are summed in workgroup memory and
// written to partial[head, chunk, j]: every (chunk, j) slot is written, with 0 where the chunk
// lies above key j. flashAlpha.wgsl then sums the chunks. WGSL has no f32 atomics; this split
// keeps the sum deterministic and gives ⌈n/BLOCK⌉·chunks workgroups per head to fill the GPU.
//
// Workgroup: (LANES, LANES) = 256 invocations. Dispatch: (⌈n/BLOCK⌉, chunks, heads).
// Bindings: 0 params (uniform) · 1 Q [·, n, d] (read) · 2 K [·, n, d] (read) · 3 lse [heads, n] (read)
//           · 4 partial [heads, chunks, n] (write) · 5 P [heads, n, n] (write; ≥ 16 bytes when write = 0).
// fromP = 1 (with write = 1): P already holds flashRowStats' scaled scores for j ≤ i; they are
// read instead of recomputed and replaced by P in place (each entry by the invocation that read it).
// Heads head0 … head0 + heads − 1 of Q and K are read; lse, partial and P are indexed from 0.

struct Params {
  n: u32,
  d: u32,
  scale: f32,
  rowsPerChunk: u32,
  chunks: u32,
  write: u32,
  head0: u32,
  fromP: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> k: array<f32>;
@group(0) @binding(3) var<storage, read> lse: array<f32>;
@group(0) @binding(4) var<storage, read_write> partial: array<f32>;
@group(0) @binding(5) var<storage, read_write> p: array<f32>;

var<workgroup> colRed: array<f32, 256>; // LANES · LANES

@compute @workgroup_size(LANES, LANES)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let n = params.n;
  let d = params.d;
  let tx = lid.x;
  let ty = lid.y;
  let tid = ty * LANES + tx;
  let head = wg.z;
  let base = (params.head0 + head) * n * d;
  let pBase = head * n * n;
  let col0 = wg.x * BLOCK;
  let rowStart = wg.y * params.rowsPerChunk;
  let rowEnd = min(n, rowStart + params.rowsPerChunk);

  var colAcc: array<f32, TM>;
  for (var row0 = rowStart; row0 < rowEnd; row0 += BLOCK) {
    if (row0 + BLOCK <= col0) {
      if (params.write == 1u) {
        for (var a = 0u; a < TM; a++) {
          for (var b = 0u; b < TM; b++) {
            let i = row0 + tileRow(ty, a);
            let j = col0 + tileCol(tx, b);
            if (i < n && j < n) { p[pBase + i * n + j] = 0.0; }
          }
        }
      }
      continue;
    }
    var s: array<f32, TM * TM>;
    if (params.fromP == 1u) {
      for (var a = 0u; a < TM; a++) {
        for (var b = 0u; b < TM; b++) {
          let i = row0 + tileRow(ty, a);
          let j = col0 + tileCol(tx, b);
          if (i < n && j <= i) { s[a * TM + b] = p[pBase + i * n + j]; }
        }
      }
    } else {
      s = scoreTile(tid, tx, ty, base, base, row0, col0, n, d, params.scale);
    }
    for (var a = 0u; a < TM; a++) {
      let i = row0 + tileRow(ty, a);
      var li = 0.0;
      if (i < n) { li = lse[head * n + i]; }
      for (var b = 0u; b < TM; b++) {
        let j = col0 + tileCol(tx, b);
        var x = 0.0;
        if (i < n && j <= i) { x = exp(s[a * TM + b] - li); }
        colAcc[b] += x;
        if (params.write == 1u && i < n && j < n) { p[pBase + i * n + j] = x; }
      }
    }
  }

  for (var b = 0u; b < TM; b++) {
    colRed[ty * LANES + tx] = colAcc[b];
    workgroupBarrier();
    if (ty == 0u) {
      var sum = 0.0;
      for (var l = 0u; l < LANES; l++) { sum += colRed[l * LANES + tx]; }
      let j = col0 + tileCol(tx, b);
      if (j < n) { partial[(head * params.chunks + wg.y) * n + j] = sum; }
    }
    workgroupBarrier();
  }
}
