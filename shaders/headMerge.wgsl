// headMerge.wgsl — writes one head's attention output O [n, hd] into its columns of the merged
// Y [n, D]: Y[i, head·hd + c] = O[i, c]. Each head writes disjoint columns, so the heads of a
// layer can be merged by successive dispatches into one Y.
//
// Workgroup: (WG) invocations, one entry of O each. Dispatch: (⌈n·hd/WG⌉).
// Bindings: 0 params (uniform) · 1 O [n, hd] (read) · 2 Y [n, D] (read_write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  d: u32,
  hd: u32,
  head: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> o: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let hd = params.hd;
  let e = gid.x;
  if (e >= params.n * hd) { return; }
  let i = e / hd;
  let c = e % hd;
  y[i * params.d + params.head * hd + c] = o[e];
}
