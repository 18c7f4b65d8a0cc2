// mapTiles.wgsl — level-of-detail reduction of a region of an [n, n] map before readback.
//
// Algorithm: the region is queries [r0, r0 + rows) × keys [c0, c0 + cols) (the whole map, or a
// zoomed part of it). Output tile (r, c) is the max (reduce = 0) or mean (reduce = 1) of the
// block of queries [r0 + r·tile, …+tile) × keys [c0 + c·tile, …+tile), clipped to the region;
// the mean divides by the entries inside it. One invocation per output tile: blocks are small
// (the output is what the screen shows), so there is nothing to share.
//
// Workgroup: (8, 8). Dispatch: (⌈tc/8⌉, ⌈tr/8⌉) with tr = ⌈rows/tile⌉, tc = ⌈cols/tile⌉.
// Bindings: 0 params (uniform) · 1 P [n, n] (read) · 2 out [tr, tc] (write).

struct Params {
  n: u32,
  tile: u32,
  tr: u32,
  tc: u32,
  reduce: u32,
  r0: u32,
  c0: u32,
  rows: u32,
  cols: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> p: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = gid.y;
  let c = gid.x;
  if (r >= params.tr || c >= params.tc) { return; }
  let n = params.n;
  let tile = params.tile;
  let i0 = params.r0 + r * tile;
  let j0 = params.c0 + c * tile;
  let i1 = min(params.r0 + params.rows, i0 + tile);
  let j1 = min(params.c0 + params.cols, j0 + tile);
  var acc = 0.0;
  for (var i = i0; i < i1; i++) {
    for (var j = j0; j < j1; j++) {
      let x = p[i * n + j];
      if (params.reduce == 0u) { acc = max(acc, x); } else { acc += x; }
    }
  }
  if (params.reduce == 1u) {
    acc = acc / f32((i1 - i0) * (j1 - j0));
  }
  out[r * params.tc + c] = acc;
}
