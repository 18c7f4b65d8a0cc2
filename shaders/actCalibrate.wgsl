// actCalibrate.wgsl — ACT's post-softmax calibration of a causal map (docs/methods.md "ACT").
//
// Algorithm: w [n] is the 0/1 indicator of the calibrated key set S. Per row i, over the visible
// keys j ≤ i: s_i = Σ P_ij w_j (mass on S) and r_i = Σ P_ij (1 − w_j) (mass elsewhere, = 1 − s_i
// for a stochastic row; ACT's code divides by this measured sum). Then P′_ij = β·P_ij on S and
// P_ij·(1 − β s_i)/r_i elsewhere, so the freed (1 − β)s_i goes to the other keys in proportion to
// their attention. Rows with s_i = 0, or with r_i ≤ 1e-12 (s_i ≥ 1 − 1e-12: nowhere to put the
// mass; a guard the code lacks), are copied unchanged. Row 0 becomes one-hot on key 0 when
// resetRow0 = 1 (prefill, the code's behaviour); with 0 it is treated like any row (decode rows
// reuse a prefix's S, docs/methods.md "ACT"). Entries j > i are written as exactly 0.
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (n) workgroups, row = workgroup_id.x.
// Bindings: 0 params (uniform) · 1 P [n, n] (read) · 2 w [n] (read) · 3 P′ [n, n] (write) ·
// 4 s [n] (write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  beta: f32,
  resetRow0: u32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> p: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<storage, read_write> sinkMass: array<f32>;

var<workgroup> redS: array<f32, WG>;
var<workgroup> redR: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let n = params.n;
  let i = wg.x;
  let lid = lid3.x;
  let row = i * n;
  var accS = 0.0;
  var accR = 0.0;
  for (var j = lid; j <= i; j += WG) {
    let x = p[row + j];
    accS += x * w[j];
    accR += x * (1.0 - w[j]);
  }
  redS[lid] = accS;
  redR[lid] = accR;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      redS[lid] = redS[lid] + redS[lid + stride];
      redR[lid] = redR[lid] + redR[lid + stride];
    }
    workgroupBarrier();
  }
  let s = redS[0];
  let r = redR[0];
  let beta = params.beta;
  let reset = i == 0u && params.resetRow0 == 1u;
  let keep = s == 0.0 || r <= 1e-12;
  let f = (1.0 - beta * s) / max(r, 1e-12);
  for (var j = lid; j < n; j += WG) {
    var v = 0.0;
    if (reset) {
      v = select(0.0, 1.0, j == 0u);
    } else if (j <= i) {
      let x = p[row + j];
      if (keep) {
        v = x;
      } else {
        v = select(x * f, beta * x, w[j] != 0.0);
      }
    }
    out[row + j] = v;
  }
  if (lid == 0u) { sinkMass[i] = s; }
}
