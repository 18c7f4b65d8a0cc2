// embedRows.wgsl — token embedding by row gather: Y[i, c] = E[tok_i, c] (Llama: no position
// embedding; positions enter through rotary). E [vocab, d] is bound as array<u32>: f32 bits, or
// f16 or bf16 pairs (WEIGHT_FORMAT, as in linear.wgsl), so the tied LM head and the embedding
// share one 16-bit buffer. Token ids arrive as f32 (exact below 2^24); an id outside [0, vocab)
// gives a zero row (the caller validates ids first; the guard keeps reads in bounds).
//
// Workgroup: (WG) invocations along the embedding. Dispatch: (⌈d/WG⌉, n).
// Bindings: 0 params (uniform) · 1 tokens [n] (read) · 2 E [vocab, d] as u32 (read) ·
// 3 Y [n, d] (write).

override WG: u32 = 64u;
override WEIGHT_FORMAT: u32 = 0u;

struct Params {
  n: u32,
  d: u32,
  vocab: u32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> tokens: array<f32>;
@group(0) @binding(2) var<storage, read> e: array<u32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

fn weightAt(idx: u32) -> f32 {
  if (WEIGHT_FORMAT == 1u) {
    let pair = unpack2x16float(e[idx >> 1u]);
    return select(pair.x, pair.y, (idx & 1u) == 1u);
  }
  if (WEIGHT_FORMAT == 2u) {
    let word = e[idx >> 1u];
    return bitcast<f32>(select(word << 16u, word & 0xffff0000u, (idx & 1u) == 1u));
  }
  return bitcast<f32>(e[idx]);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let c = wg.x * WG + lid.x;
  let i = wg.y;
  if (c >= params.d || i >= params.n) { return; }
  let tf = tokens[i];
  var v = 0.0;
  if (tf >= 0.0 && tf < f32(params.vocab)) {
    v = weightAt(u32(tf) * params.d + c);
  }
  y[i * params.d + c] = v;
}
