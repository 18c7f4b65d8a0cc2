// maskApply.wgsl — the sparse attention a mask would give: renormalise P over the mask,
// P_M[i, j] = M_ij · P_ij / R_i with R_i = Σ_j M_ij P_ij (docs/methods.md "Masks" mode (a): mask, then
// renormalise over the support). Rows whose retained mass is 0 are written as 0 (no support).
//
// Algorithm: elementwise; R comes from maskStats, M from maskStats' map output.
// Workgroup: (8, 8). Dispatch: (⌈n/8⌉, ⌈n/8⌉), x = key j, y = query i.
// Bindings: 0 params (uniform) · 1 P [n, n] (read) · 2 M [n, n] 0/1 (read) · 3 R [n] (read) ·
//   4 P_M [n, n] (write).

struct Params {
  n: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> p: array<f32>;
@group(0) @binding(2) var<storage, read> m: array<f32>;
@group(0) @binding(3) var<storage, read> r: array<f32>;
@group(0) @binding(4) var<storage, read_write> pm: array<f32>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let n = params.n;
  let i = gid.y;
  let j = gid.x;
  if (i >= n || j >= n) { return; }
  let x = i * n + j;
  let ri = r[i];
  pm[x] = select(0.0, m[x] * p[x] / ri, ri > 0.0);
}
