// embed.wgsl — token plus position embedding: X[i, c] = wte[tok_i, c] + wpe[i, c].
//
// Token ids arrive as f32 (exact below 2^24) so the lab's f32 upload path serves them; an id is
// clamped into [0, vocab) as a guard, though the caller validates ids before encoding.
//
// Workgroup: (WG) invocations along the embedding. Dispatch: (⌈d/WG⌉, n).
// Bindings: 0 params (uniform) · 1 tokens [n] (read) · 2 wte [vocab, d] (read) ·
// 3 wpe [≥ n, d] (read) · 4 X [n, d] (write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  d: u32,
  vocab: u32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> tokens: array<f32>;
@group(0) @binding(2) var<storage, read> wte: array<f32>;
@group(0) @binding(3) var<storage, read> wpe: array<f32>;
@group(0) @binding(4) var<storage, read_write> x: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let c = wg.x * WG + lid.x;
  let i = wg.y;
  if (c >= params.d || i >= params.n) { return; }
  let t = min(u32(max(tokens[i], 0.0)), params.vocab - 1u);
  x[i * params.d + c] = wte[t * params.d + c] + wpe[i * params.d + c];
}
