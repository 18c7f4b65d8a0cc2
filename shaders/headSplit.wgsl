// headSplit.wgsl — one head's Q, K or V out of a fused projection: from QKV [n, 3D] (GPT-2's
// c_attn output, columns Q | K | V, each D = heads · hd wide) take
// OUT[i, c] = QKV[i, part·D + head·hd + c] for c < hd, a contiguous [n, hd] the attention
// kernels (attnScores, attnOutput) read directly.
//
// Workgroup: (WG) invocations, one output entry each. Dispatch: (⌈n·hd/WG⌉).
// Bindings: 0 params (uniform) · 1 QKV [n, 3D] (read) · 2 OUT [n, hd] (write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  d: u32,
  hd: u32,
  part: u32,
  head: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> qkv: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let hd = params.hd;
  let e = gid.x;
  if (e >= params.n * hd) { return; }
  let i = e / hd;
  let c = e % hd;
  out[e] = qkv[i * 3u * params.d + params.part * params.d + params.head * hd + c];
}
