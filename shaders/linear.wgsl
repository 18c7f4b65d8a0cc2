// linear.wgsl — an nn.Linear with PyTorch's weight layout: Y [m, out] = X [m, in] · Wᵀ + b (+ R),
// W [out, in] row-major, as Hugging Face checkpoints store q/k/v/o_proj, gate/up/down_proj and
// the LM head (the embedding [vocab, D] itself when tied). Bias b [out] and residual R [m, out]
// are optional (hasBias, hasResidual; a placeholder is bound when absent).
//
// Weight storage: W is bound as array<u32>, read by WEIGHT_FORMAT: 0 = f32 (each u32 an f32's
// bits); 1 = f16 and 2 = bf16, two 16-bit values per u32 (element 2k in the low half, 2k + 1 in
// the high half: the little-endian bytes of a checkpoint's tensor, uploaded as they are). f16 is
// widened by unpack2x16float, bf16 by moving its bits to the top of an f32 (exact: bf16 is an
// f32's top half); both are core WGSL, so 16-bit storage (half the memory and the reads) works on
// every adapter, with or without `shader-f16`. Arithmetic stays f32.
//
// Algorithm: shared-memory tiling. A workgroup computes one TILE×TILE block of Y (rows row0…,
// output channels col0…) and walks the inner dimension in chunks of TILE, staging the X block
// and the W block (both contiguous along `in`) in workgroup memory. Out-of-range loads read 0.
//
// Workgroup: (TILE, TILE) invocations, x = output channel, y = row. Dispatch: (⌈out/TILE⌉, ⌈m/TILE⌉).
// Bindings: 0 params (uniform) · 1 X [m, in] (read) · 2 W [out, in] as u32 (read) ·
// 3 b [out] (read) · 4 R [m, out] (read) · 5 Y [m, out] (write).

override TILE: u32 = 16u;
override WEIGHT_FORMAT: u32 = 0u;

struct Params {
  m: u32,
  inDim: u32,
  outDim: u32,
  hasBias: u32,
  hasResidual: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<u32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read> residual: array<f32>;
@group(0) @binding(5) var<storage, read_write> y: array<f32>;

var<workgroup> xTile: array<f32, TILE * TILE>;
var<workgroup> wTile: array<f32, TILE * TILE>;

fn weightAt(idx: u32) -> f32 {
  if (WEIGHT_FORMAT == 1u) {
    let pair = unpack2x16float(w[idx >> 1u]);
    return select(pair.x, pair.y, (idx & 1u) == 1u);
  }
  if (WEIGHT_FORMAT == 2u) {
    let word = w[idx >> 1u];
    return bitcast<f32>(select(word << 16u, word & 0xffff0000u, (idx & 1u) == 1u));
  }
  return bitcast<f32>(w[idx]);
}

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let m = params.m;
  let k = params.inDim;
  let n = params.outDim;
  let row0 = wg.y * TILE;
  let col0 = wg.x * TILE;
  let i = row0 + lid.y;
  let c = col0 + lid.x;
  var acc = 0.0;
  for (var t0 = 0u; t0 < k; t0 += TILE) {
    let t = t0 + lid.x;
    let xr = row0 + lid.y; // the X row this invocation stages
    let wr = col0 + lid.y; // the W row (output channel) this invocation stages
    var xv = 0.0;
    var wv = 0.0;
    if (xr < m && t < k) { xv = x[xr * k + t]; }
    if (wr < n && t < k) { wv = weightAt(wr * k + t); }
    xTile[lid.y * TILE + lid.x] = xv;
    wTile[lid.y * TILE + lid.x] = wv;
    workgroupBarrier();
    for (var s = 0u; s < TILE; s++) {
      acc += xTile[lid.y * TILE + s] * wTile[lid.x * TILE + s];
    }
    workgroupBarrier();
  }
  if (i < m && c < n) {
    var v = acc;
    if (params.hasBias == 1u) { v += bias[c]; }
    if (params.hasResidual == 1u) { v += residual[i * n + c]; }
    y[i * n + c] = v;
  }
}
