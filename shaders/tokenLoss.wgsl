// tokenLoss.wgsl — per-token log-softmax statistics of LM logits [n, V]: for row i the log
// partition function logZ = m + ln Σ exp(l − m), the cross-entropy of the next token
// loss_i = logZ − l[target_i] (nats), and the top-5 next tokens with their probabilities.
//
// Algorithm: one workgroup per row; strided passes for the max and the sum of exp, tree-reduced in
// workgroup memory; then five arg-max rounds, each excluding the ids already chosen (ties go to
// the lower id). A target < 0 (the last position has no next token) writes loss = −1.
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (n) workgroups, row = workgroup_id.x.
// Bindings: 0 params (uniform) · 1 logits [n, V] (read) · 2 targets [n] (read, ids as f32) ·
// 3 OUT [n, 12] (write): loss, logZ, top ids ×5 (as f32), top probabilities ×5.

override WG: u32 = 64u;
const TOPK: u32 = 5u;
const STRIDE: u32 = 12u;

struct Params {
  n: u32,
  vocab: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> targets: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> redV: array<f32, WG>;
var<workgroup> redI: array<u32, WG>;
var<workgroup> chosen: array<u32, TOPK>;

const LOWEST: f32 = -3.402823e38;
const NONE: u32 = 0xffffffffu;

// Reduces (value, id) pairs to the largest value, lower id on ties; every invocation gets the result.
fn reduceArgMax(lid: u32, v: f32, id: u32) -> vec2u {
  redV[lid] = v;
  redI[lid] = id;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      let ov = redV[lid + stride];
      let oi = redI[lid + stride];
      if (ov > redV[lid] || (ov == redV[lid] && oi < redI[lid])) {
        redV[lid] = ov;
        redI[lid] = oi;
      }
    }
    workgroupBarrier();
  }
  let r = vec2u(bitcast<u32>(redV[0]), redI[0]);
  workgroupBarrier();
  return r;
}

fn reduceSum(lid: u32, v: f32) -> f32 {
  redV[lid] = v;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { redV[lid] = redV[lid] + redV[lid + stride]; }
    workgroupBarrier();
  }
  let r = redV[0];
  workgroupBarrier();
  return r;
}

fn isChosen(id: u32, upto: u32) -> bool {
  for (var t = 0u; t < upto; t++) {
    if (chosen[t] == id) { return true; }
  }
  return false;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let v = params.vocab;
  let i = wg.x;
  let lid = lid3.x;
  let row = i * v;
  if (lid < TOPK) { chosen[lid] = NONE; }
  workgroupBarrier();

  var m = LOWEST;
  var mi = NONE;
  for (var j = lid; j < v; j += WG) {
    if (logits[row + j] > m) { m = logits[row + j]; mi = j; }
  }
  let top0 = reduceArgMax(lid, m, mi);
  let mx = bitcast<f32>(top0.x);
  var z = 0.0;
  for (var j = lid; j < v; j += WG) { z += exp(logits[row + j] - mx); }
  let logZ = mx + log(reduceSum(lid, z));

  if (lid == 0u) {
    chosen[0] = top0.y;
    let t = targets[i];
    if (t >= 0.0) {
      out[i * STRIDE] = logZ - logits[row + min(u32(t), v - 1u)];
    } else {
      out[i * STRIDE] = -1.0;
    }
    out[i * STRIDE + 1u] = logZ;
  }
  workgroupBarrier();
  for (var k = 1u; k < min(TOPK, v); k++) {
    var bv = LOWEST;
    var bi = NONE;
    for (var j = lid; j < v; j += WG) {
      let l = logits[row + j];
      if (l > bv && !isChosen(j, k)) { bv = l; bi = j; }
    }
    let best = reduceArgMax(lid, bv, bi);
    if (lid == 0u) { chosen[k] = best.y; }
    workgroupBarrier();
  }
  if (lid < TOPK) {
    let id = chosen[lid];
    if (id == NONE) {
      out[i * STRIDE + 2u + lid] = -1.0;
      out[i * STRIDE + 7u + lid] = 0.0;
    } else {
      out[i * STRIDE + 2u + lid] = f32(id);
      out[i * STRIDE + 7u + lid] = exp(logits[row + id] - logZ);
    }
  }
}
