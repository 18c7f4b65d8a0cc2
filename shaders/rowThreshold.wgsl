// rowThreshold.wgsl — per-row keep threshold t_i of a causal, non-negative map P (one row per
//
// Row reductions (reduceSum, reduceMax, reduceMin over `red`) come from common/rowReduce.wgsl,
// which the wrapper appends.
// workgroup). The kept set of row i is {j ≤ i : P_ij ≥ t_i}; every entry equal to t_i is kept.
//
// Modes: 0 'topk' — t_i is the k-th largest visible value (all visible kept when k ≥ i+1);
//        1 'mass' — t_i is the smallest value of the shortest descending prefix whose sum
//        reaches ≥ gamma (FlexPrefill's score_cover rule, docs/methods.md "Masks").
// Both are "the largest t with F(t) ≥ target", F(t) = Σ_{j≤i, P_ij ≥ t} w(P_ij), w = 1 (count,
// target min(k, i+1)) or w = P (mass, target gamma). F only steps at entry values and is
// non-increasing in t; for t ≥ 0 the u32 bit pattern of t is monotone in t, so 32 bisection
// steps on the bits [0, +inf] find that t exactly, each step one workgroup sum reduction. A final
// min-reduction snaps t to the smallest visible entry ≥ t, so t is always an entry of the row
// (and "keep all" when the target is unreachable, e.g. gamma above an f32 row sum below 1).
//
// Workgroup: (WG) invocations, WG a power of two. Dispatch: (n) workgroups, row = workgroup_id.x.
// Bindings: 0 params (uniform) · 1 P [n, n] (read) · 2 t [n] (write).

override WG: u32 = 64u;

struct Params {
  n: u32,
  mode: u32,
  k: u32,
  gamma: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> p: array<f32>;
@group(0) @binding(2) var<storage, read_write> t: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let n = params.n;
  let i = wg.x;
  let lid = lid3.x;
  let row = i * n;
  let byMass = params.mode == 1u;
  var goal = params.gamma;
  if (!byMass) { goal = f32(min(params.k, i + 1u)); }

  // Invariant: F(lo) ≥ goal (or lo = 0), F(hi) < goal. hi starts one past +inf's bits.
  var lo = 0u;
  var hi = 0x7f800001u;
  for (var s = 0u; s < 32u; s++) {
    let mid = lo + (hi - lo) / 2u;
    let tm = bitcast<f32>(mid);
    var acc = 0.0;
    for (var j = lid; j <= i; j += WG) {
      let x = p[row + j];
      if (x >= tm) { acc += select(1.0, x, byMass); }
    }
    let f = reduceSum(lid, acc);
    if (hi - lo > 1u) {
      if (f >= goal) { lo = mid; } else { hi = mid; }
    }
  }

  let tl = bitcast<f32>(lo);
  var m = 3.402823e38; // some lane always holds an entry ≥ tl, so this never survives
  for (var j = lid; j <= i; j += WG) {
    let x = p[row + j];
    if (x >= tl) { m = min(m, x); }
  }
  m = reduceMin(lid, m);
  if (lid == 0u) { t[i] = m; }
}
