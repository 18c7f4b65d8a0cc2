// normalizeRows.wgsl — causal row normalisers other than softmax (docs/methods.md "Normalisers", "Order of operations" step 6).
//
// Row reductions (reduceSum, reduceMax, reduceMin over `red`) come from common/rowReduce.wgsl,
// which the wrapper appends.
//
// Algorithm, per row i over the visible keys j ≤ i (boolean mask; entries j > i are exactly 0):
//   mode 0, softmax-off-by-one: A_ij = e^{S_ij} / (1 + Σ_{j′≤i} e^{S_ij′}), computed as
//     e^{S_ij − m} / (e^{−m} + Σ e^{S_ij′ − m}) with m = max(0, max_j S_ij) (the implicit 0 logit).
//   mode 1, sigmoid: A_ij = σ(S_ij + bias), no normalisation; stable σ (e^x/(1 + e^x) for x < 0).
//   mode 2, softplus-ℓ1 [lab]: x = λ_i S_ij with λ_i = ln(i + 1) · lambdaScale (= 1/ln n_ref),
//     a_j = softplus(x) = max(x, 0) + log1p(e^{−|x|}), then A_ij = a_j^p / Σ a_j′^p (p = power ≥ 1;
//     p = 1 is plain ℓ1), evaluated as (a_j/max a)^p so large p cannot overflow.
// log1p is the Goldberg form log(u)·y/(u − 1), u = 1 + y, exact to f32 rounding for tiny y.
// Row max and sum are tree-reduced in workgroup memory.
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (n) workgroups, row = workgroup_id.x.
// Bindings: 0 params (uniform) · 1 S [n, n] (read) · 2 A [n, n] (write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  mode: u32,
  bias: f32,
  lambdaScale: f32,
  power: f32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> s: array<f32>;
@group(0) @binding(2) var<storage, read_write> a: array<f32>;

fn log1pSmall(y: f32) -> f32 {
  let u = 1.0 + y;
  if (u == 1.0) { return y; }
  return log(u) * y / (u - 1.0);
}

fn sigmoid(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}

fn softplus(x: f32) -> f32 {
  return max(x, 0.0) + log1pSmall(exp(-abs(x)));
}

fn powRatio(x: f32, p: f32) -> f32 {
  if (p == 1.0) { return x; }
  if (x <= 0.0) { return 0.0; }
  return pow(x, p);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let n = params.n;
  let i = wg.x;
  let lid = lid3.x;
  let row = i * n;
  let mode = params.mode;

  if (mode == 1u) {
    for (var j = lid; j < n; j += WG) {
      a[row + j] = select(0.0, sigmoid(s[row + j] + params.bias), j <= i);
    }
    return;
  }

  if (mode == 0u) {
    var m = 0.0; // the implicit 0 logit of the "+1"
    for (var j = lid; j <= i; j += WG) { m = max(m, s[row + j]); }
    m = reduceMax(lid, m);
    var z = 0.0;
    for (var j = lid; j <= i; j += WG) { z += exp(s[row + j] - m); }
    z = reduceSum(lid, z) + exp(-m);
    let inv = 1.0 / z;
    for (var j = lid; j < n; j += WG) {
      a[row + j] = select(0.0, exp(s[row + j] - m) * inv, j <= i);
    }
    return;
  }

  // mode 2: softplus-ℓ1 with optional sharpening.
  let lambda = log(f32(i + 1u)) * params.lambdaScale;
  let p = params.power;
  var mx = 0.0;
  for (var j = lid; j <= i; j += WG) { mx = max(mx, softplus(lambda * s[row + j])); }
  mx = reduceMax(lid, mx);
  var z = 0.0;
  for (var j = lid; j <= i; j += WG) { z += powRatio(softplus(lambda * s[row + j]) / mx, p); }
  z = reduceSum(lid, z);
  let inv = 1.0 / z;
  for (var j = lid; j < n; j += WG) {
    a[row + j] = select(0.0, powRatio(softplus(lambda * s[row + j]) / mx, p) * inv, j <= i);
  }
}
