// rope.wgsl — rotary position embeddings, in place, in Hugging Face's rotate_half layout: within
// each head the pair of entry c is entry c + d/2 (not the neighbour c + 1):
//   x′[c]       = x[c] · cos_ic − x[c + d/2] · sin_ic
//   x′[c + d/2] = x[c + d/2] · cos_ic + x[c] · sin_ic        (c < d/2, i the position)
// Heads are read by stride: head h of row i starts at i · stride + offset + h · d, so one dispatch
// rotates every Q head, or every Q and K head of a fused Q|K|V buffer (K's heads follow Q's).
// cos/sin come from tables [n, d/2] built on the host (src/reference/rope.ts: ropeTables), not
// from WGSL's cos/sin, whose accuracy is only specified on [−π, π] (angles reach n radians).
//
// Algorithm: one invocation per (row, head, pair); each reads its two entries and writes both,
// so no two invocations touch the same entry.
//
// Workgroup: (WG) invocations. Dispatch: (⌈n · heads · d/2 / WG⌉) workgroups (x only; the
// wrapper splits into y when that exceeds 65535), pair index = global id.
// Bindings: 0 params (uniform) · 1 X [n, stride] (read_write) · 2 cos [n, d/2] (read) ·
// 3 sin [n, d/2] (read).

override WG: u32 = 64u;

struct Params {
  n: u32,
  stride: u32,
  offset: u32,
  heads: u32,
  d: u32,
  rowGroups: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read> cosT: array<f32>;
@group(0) @binding(3) var<storage, read> sinT: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let half = params.d / 2u;
  let k = (wg.y * params.rowGroups + wg.x) * WG + lid.x;
  if (k >= params.n * params.heads * half) {
    return;
  }
  let c = k % half;
  let h = (k / half) % params.heads;
  let i = k / (half * params.heads);
  let b = i * params.stride + params.offset + h * params.d + c;
  let x1 = x[b];
  let x2 = x[b + half];
  let co = cosT[i * half + c];
  let si = sinT[i * half + c];
  x[b] = x1 * co - x2 * si;
  x[b + half] = x2 * co + x1 * si;
}
