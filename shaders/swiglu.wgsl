// swiglu.wgsl — the SwiGLU gate H[r, c] = silu(G[r, c]) · U[r, c], silu(g) = g / (1 + e^(−g))
// (Llama's MLP: down_proj(silu(gate_proj(x)) · up_proj(x))).
//
// G and U are read by stride, so one fused [rows, 2F] gate|up buffer (bound twice, upOffset = F)
// serves as well as two [rows, F] buffers (stride = cols, upOffset = 0):
//   G[r, c] = g[r · stride + c],  U[r, c] = u[r · stride + upOffset + c].
// e^(−g) overflows to +∞ for g < −88, and g / ∞ = −0, the limit; no clamp is needed.
//
// Algorithm: elementwise, one invocation per output entry.
// Workgroup: (WG) invocations. Dispatch: (⌈rows · cols / WG⌉) workgroups in x, split into y
// past 65535 (rowGroups = the x count), entry index = global id.
// Bindings: 0 params (uniform) · 1 G (read) · 2 U (read) · 3 H [rows, cols] (write).

override WG: u32 = 64u;

struct Params {
  rows: u32,
  cols: u32,
  stride: u32,
  upOffset: u32,
  rowGroups: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read> u: array<f32>;
@group(0) @binding(3) var<storage, read_write> h: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let k = (wg.y * params.rowGroups + wg.x) * WG + lid.x;
  if (k >= params.rows * params.cols) {
    return;
  }
  let r = k / params.cols;
  let c = k % params.cols;
  let x = g[r * params.stride + c];
  h[k] = x / (1.0 + exp(-x)) * u[r * params.stride + params.upOffset + c];
}
