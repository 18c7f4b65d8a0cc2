// common/flashTile.wgsl — the score tile shared by the flash kernels (flashRowStats, flashColumns);
// the wrapper appends this file to the kernel's own source, which declares `q` and `k`.
//
// Algorithm: one BLOCK×BLOCK tile of s = scale · Q Kᵀ per call. The workgroup is LANES×LANES
// invocations; invocation (tx, ty) owns rows row0 + tileRow(ty, a) = row0 + ty + LANES·a and
// columns col0 + tileCol(tx, b) = col0 + tx + LANES·b (a, b < TM), strided so that a row's LANES
// neighbouring columns are neighbouring addresses when the caller writes them. The head
// dimension is walked in chunks of DK: a chunk of BLOCK Q rows and BLOCK K rows is staged
// transposed in workgroup memory (row stride PAD = BLOCK + 1 so the transposed stores do not
// collide in one bank), then every invocation does TM·TM fmas per TM + TM scalar workgroup
// loads. TM = 8 was measured faster on the H200 than TM = 4, and than a vec4-staged layout
// (1.6× slower there); see bench/RESULTS.md. Rows or columns ≥ n and dimensions ≥ d are staged as 0.
// Workgroup memory: 2 · DK · PAD f32 ≈ 8.1–8.3 KiB. Must be called in uniform control flow.

const TM = 8u;
const LANES = 16u;
const BLOCK = TM * LANES; // rows and columns per tile (the wrappers read TM and LANES from here)
const DK = 1024u / BLOCK; // a staged chunk is 1024 f32 whatever TM is: 4 loads per invocation
const PAD = BLOCK + 1u;

var<workgroup> qs: array<f32, DK * PAD>;
var<workgroup> ks: array<f32, DK * PAD>;

/** Row (within the tile) of the a-th row an invocation owns: strided by LANES. */
fn tileRow(ty: u32, a: u32) -> u32 { return ty + LANES * a; }
/** Column (within the tile) of the b-th column an invocation owns: strided, so a row's LANES
 *  neighbouring invocations write neighbouring addresses. */
fn tileCol(tx: u32, b: u32) -> u32 { return tx + LANES * b; }

fn scoreTile(tid: u32, tx: u32, ty: u32, qBase: u32, kBase: u32, row0: u32, col0: u32, n: u32, d: u32, scale: f32) -> array<f32, TM * TM> {
  var acc: array<f32, TM * TM>;
  for (var c0 = 0u; c0 < d; c0 += DK) {
    for (var u = 0u; u < BLOCK * DK / (LANES * LANES); u++) {
      let e = tid + u * LANES * LANES;
      let r = e / DK;
      let kk = e % DK;
      let c = c0 + kk;
      var qv = 0.0;
      var kv = 0.0;
      if (row0 + r < n && c < d) { qv = q[qBase + (row0 + r) * d + c]; }
      if (col0 + r < n && c < d) { kv = k[kBase + (col0 + r) * d + c]; }
      qs[kk * PAD + r] = qv;
      ks[kk * PAD + r] = kv;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < DK; kk++) {
      var qa: array<f32, TM>;
      var kb: array<f32, TM>;
      for (var a = 0u; a < TM; a++) { qa[a] = qs[kk * PAD + ty + LANES * a]; }
      for (var b = 0u; b < TM; b++) { kb[b] = ks[kk * PAD + tx + LANES * b]; }
      for (var a = 0u; a < TM; a++) {
        for (var b = 0u; b < TM; b++) {
          acc[a * TM + b] = fma(qa[a], kb[b], acc[a * TM + b]);
        }
      }
    }
    workgroupBarrier();
  }
  for (var x = 0u; x < TM * TM; x++) { acc[x] = acc[x] * scale; }
  return acc;
}
