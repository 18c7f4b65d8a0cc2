// matmul.wgsl — dense product C = scale · A · B (or A · Bᵀ), batched and strided, e.g. the
// projections Q = X W_Q and, over every head of a layer in one dispatch, the scores Q_h K_hᵀ and
// the outputs P_h V_h read straight out of the fused Q|K|V rows (no per-head copies).
//
// Operands are views into f32 storage: entry (r, c) of batch z of A is
// a[aOff + z·aBatch + r·lda + c]; B likewise, or b[bOff + z·bBatch + c·ldb + r] when TRANS_B
// (B = the rows of K); C is written at c[cOff + z·cBatch + r·ldc + col]. A per-row multiplier
// m [m] (hasRowScale = 1) scales row r of C after `scale` (the selective row temperature,
// docs/methods.md "Selective temperature"). causal = 1 skips output blocks wholly above the diagonal (every column after every
// row: the causal normaliser never reads them); causal = 2 stops the inner dimension at the
// block's last row + 1 (P · V with P causal: later keys have P = 0).
//
// Algorithm: register tiling. A workgroup of 16×16 invocations computes a 64×64 block of C; each
// invocation owns a 4×4 sub-grid (RM×4 with RM = 1: 16×64 blocks) strided by 16 (rows ty + 16r, columns tx + 16c: conflict-free
// workgroup reads, coalesced global writes) and walks the inner dimension in chunks of 16 with
// the A chunk (64 × 16) and the B chunk (16 × 64) staged, transposed where needed, in workgroup
// memory. Out-of-range loads read 0, so any m, k, n works. Accumulation order over the inner
// dimension is sequential, so the result matches the float64 twin to f32 rounding.
//
// Workgroup: (16, 16). Dispatch: (⌈n/64⌉, ⌈m/(16·RM)⌉, batches).
// Bindings: 0 params (uniform) · 1 A (read) · 2 B (read) · 3 C (write) · 4 m (read; placeholder
// when hasRowScale = 0).

override TRANS_B: bool = false;
// Rows of C per invocation, 4 or 1 (block of 16·RM rows × 64 columns): 1 for short products
// (m ≤ 32), where 64-row blocks would mostly compute padding.
override RM: u32 = 4u;

struct Params {
  m: u32,
  k: u32,
  n: u32,
  lda: u32,
  ldb: u32,
  ldc: u32,
  aOff: u32,
  bOff: u32,
  cOff: u32,
  aBatch: u32,
  bBatch: u32,
  cBatch: u32,
  scale: f32,
  hasRowScale: u32,
  causal: u32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
@group(0) @binding(4) var<storage, read> rowScale: array<f32>;

const BM = 64u;      // columns per block
const BK = 16u;      // inner chunk
override AM: u32 = 16u * RM; // rows per block
override AS: u32 = AM + 1u;  // aT's row stride: +1 so that staging (consecutive kk) hits distinct banks

// aT[kk * AS + row], bT[kk * 64 + col]
var<workgroup> aT: array<f32, BK * AS>;
var<workgroup> bT: array<f32, 1024>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  let m = params.m;
  let kdim = params.k;
  let n = params.n;
  let row0 = wg.y * AM;
  let col0 = wg.x * BM;
  if (params.causal == 1u && col0 > row0 + AM - 1u) {
    return; // every column of this block is after every row
  }
  var kEnd = kdim;
  if (params.causal == 2u) { kEnd = min(kdim, row0 + AM); }
  let aBase = params.aOff + wg.z * params.aBatch;
  let bBase = params.bOff + wg.z * params.bBatch;
  let tx = lid.x;
  let ty = lid.y;
  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var t0 = 0u; t0 < kEnd; t0 += BK) {
    // Stage A: AM rows × 16 inner, RM entries per invocation, consecutive invocations along the row.
    for (var e = li; e < BK * AM; e += 256u) {
      let r = e / BK;
      let kk = e % BK;
      var v = 0.0;
      if (row0 + r < m && t0 + kk < kEnd) { v = a[aBase + (row0 + r) * params.lda + t0 + kk]; }
      aT[kk * AS + r] = v;
    }
    // Stage B: 16 inner × 64 columns, read along memory order of B (or of Bᵀ).
    for (var e = li; e < 1024u; e += 256u) {
      var kk: u32;
      var col: u32;
      if (TRANS_B) { col = e / BK; kk = e % BK; } else { kk = e / BM; col = e % BM; }
      var v = 0.0;
      if (col0 + col < n && t0 + kk < kEnd) {
        if (TRANS_B) { v = b[bBase + (col0 + col) * params.ldb + t0 + kk]; } else { v = b[bBase + (t0 + kk) * params.ldb + col0 + col]; }
      }
      bT[kk * BM + col] = v;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk++) {
      let ab = kk * AS + ty;
      let bb = kk * BM + tx;
      let bv = vec4f(bT[bb], bT[bb + 16u], bT[bb + 32u], bT[bb + 48u]);
      acc0 += aT[ab] * bv;
      if (RM == 4u) {
        acc1 += aT[ab + 16u] * bv;
        acc2 += aT[ab + 32u] * bv;
        acc3 += aT[ab + 48u] * bv;
      }
    }
    workgroupBarrier();
  }
  let cBase = params.cOff + wg.z * params.cBatch;
  store(cBase, row0 + ty, col0 + tx, acc0);
  if (RM == 4u) {
    store(cBase, row0 + ty + 16u, col0 + tx, acc1);
    store(cBase, row0 + ty + 32u, col0 + tx, acc2);
    store(cBase, row0 + ty + 48u, col0 + tx, acc3);
  }
}

fn store(base: u32, i: u32, j: u32, v: vec4f) {
  if (i >= params.m) { return; }
  var s = params.scale;
  if (params.hasRowScale == 1u) { s = s * rowScale[i]; }
  let at = base + i * params.ldc + j;
  let n = params.n;
  if (j < n) { c[at] = v.x * s; }
  if (j + 16u < n) { c[at + 16u] = v.y * s; }
  if (j + 32u < n) { c[at + 32u] = v.z * s; }
  if (j + 48u < n) { c[at + 48u] = v.w * s; }
}
