// maskStats.wgsl — per-row kept count and retained mass R_i = Σ_{j ∈ M_i} P_ij of a sparsity
// mask M over a causal map P (docs/methods.md "Order of operations" comparison metrics), optionally writing M itself.
//
// Mask modes (every mode is intersected with the causal support j ≤ i):
//   0 'threshold' — M_ij = P_ij ≥ t_i, with t [n] from rowThreshold (ties at t_i are kept);
//   1 'window'    — M_ij = j < sinks ∨ i − j < window (StreamingLLM sink + recent window, §5.1);
//   2 'block'     — M_ij = blockMask[⌊i/block⌋ · nb + ⌊j/block⌋] ≠ 0, blockMask u32 [nb, nb].
// Algorithm: one workgroup per row; invocations stride over the row, accumulate (count, mass)
// and tree-reduce both at once in workgroup memory. With writeMap = 1 every entry of row i of
// the map [n, n] is written as 0/1 (so mapTiles' mean gives the kept fraction per tile).
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (n) workgroups, row = workgroup_id.x.
// Bindings: 0 params (uniform) · 1 P [n, n] (read) · 2 t [n] (read; mode 0) ·
//   3 blockMask [nb, nb] u32 (read; mode 2) · 4 kept [n] (write) · 5 retained [n] (write) ·
//   6 map [n, n] (write; writeMap = 1). Bindings a mode does not use get a 16-byte dummy.

override WG: u32 = 64u;

struct Params {
  n: u32,
  mode: u32,
  window: u32,
  sinks: u32,
  block: u32,
  nb: u32,
  writeMap: u32,
  _pad0: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> p: array<f32>;
@group(0) @binding(2) var<storage, read> t: array<f32>;
@group(0) @binding(3) var<storage, read> blockMask: array<u32>;
@group(0) @binding(4) var<storage, read_write> kept: array<f32>;
@group(0) @binding(5) var<storage, read_write> retained: array<f32>;
@group(0) @binding(6) var<storage, read_write> maskMap: array<f32>;

var<workgroup> red: array<vec2f, WG>;

fn inMask(i: u32, j: u32, x: f32) -> bool {
  if (j > i) { return false; }
  switch params.mode {
    case 0u: { return x >= t[i]; }
    case 1u: { return j < params.sinks || i - j < params.window; }
    default: { return blockMask[(i / params.block) * params.nb + j / params.block] != 0u; }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let n = params.n;
  let i = wg.x;
  let lid = lid3.x;
  let row = i * n;
  var acc = vec2f(0.0);
  for (var j = lid; j < n; j += WG) {
    let x = p[row + j];
    let m = inMask(i, j, x);
    if (m) { acc += vec2f(1.0, x); }
    if (params.writeMap == 1u) { maskMap[row + j] = select(0.0, 1.0, m); }
  }
  red[lid] = acc;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { red[lid] = red[lid] + red[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    kept[i] = red[0].x;
    retained[i] = red[0].y;
  }
}
