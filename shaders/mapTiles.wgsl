// mapTiles.wgsl — level-of-detail reduction of an [n, n] map before readback.
//
// Algorithm: output tile (r, c) is the max (reduce = 0) or mean (reduce = 1) of the input block
// of queries [r·tile, (r+1)·tile) × keys [c·tile, (c+1)·tile), clipped to the map; the mean
// divides by the entries inside the map. One invocation per output tile: blocks are small
// (tile ≤ 64), and the output is what the screen shows, so there is nothing to share.
//
// Workgroup: (8, 8). Dispatch: (⌈t/8⌉, ⌈t/8⌉) with t = ⌈n/tile⌉ tiles per side.
// Bindings: 0 params (uniform) · 1 P [n, n] (read) · 2 out [t, t] (write).

struct Params {
  n: u32,
  tile: u32,
  t: u32,
  reduce: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> p: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = gid.y;
  let c = gid.x;
  let t = params.t;
  if (r >= t || c >= t) { return; }
  let n = params.n;
  let tile = params.tile;
  let i1 = min(n, (r + 1u) * tile);
  let j1 = min(n, (c + 1u) * tile);
  var acc = 0.0;
  for (var i = r * tile; i < i1; i++) {
    for (var j = c * tile; j < j1; j++) {
      let x = p[i * n + j];
      if (params.reduce == 0u) { acc = max(acc, x); } else { acc += x; }
    }
  }
  if (params.reduce == 1u) {
    acc = acc / f32((i1 - r * tile) * (j1 - c * tile));
  }
  out[r * t + c] = acc;
}
