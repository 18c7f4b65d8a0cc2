// flashRowStats.wgsl — pass 1 of the fused path: per causal row, the log-normaliser
// lse_i = m_i + ln z_i and the entropy H_i (nats) of P_i· = softmax_{j ≤ i}(s_ij), from Q and K,
// without ever storing a score.
//
// Algorithm (flash-style online softmax): a workgroup owns BLOCK query rows and walks the key
// tiles left of and on the diagonal (common/flashTile.wgsl computes each BLOCK×BLOCK tile of
// s = scale·QKᵀ in registers). Each invocation keeps, for its TM rows over its own columns, the
// running max m, z = Σ e^{s−m} and t = Σ e^{s−m}(s−m); a new tile rescales them once by
// f = e^{m−m'}: t' = f(t + z(m−m')) + Σ e'(s−m'), z' = f z + Σ e'. Then H = ln z − t/z
// (t ≤ 0, so no cancellation). At the end the LANES partial states of a row are merged with
// the same rule by `mergeLanes` (common/flashMerge*.wgsl: through subgroup shuffles where the
// adapter has `subgroups`, else through workgroup memory). Masked keys (j > i) never reach exp().
//
// Workgroup: (LANES, LANES) = 256 invocations, BLOCK rows; workgroup x takes row block
// ⌈n/BLOCK⌉ − 1 − x, so the longest (bottom) rows start first. Dispatch: (⌈n/BLOCK⌉, 1, heads).
// Bindings: 0 params (uniform) · 1 Q [·, n, d] (read) · 2 K [·, n, d] (read)
//           · 3 lse [heads, n] (write) · 4 H [heads, n] (write)
//           · 5 scores [heads, n, n] (write = 1: the scaled scores s_ij, j ≤ i, for flashColumns
//             to normalise in place, so the materialising path computes QKᵀ once; ≥ 16 bytes otherwise).
// Heads head0 … head0 + heads − 1 of Q and K are read; every output is indexed from 0.

struct Params {
  n: u32,
  d: u32,
  scale: f32,
  write: u32,
  head0: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> k: array<f32>;
@group(0) @binding(3) var<storage, read_write> lse: array<f32>;
@group(0) @binding(4) var<storage, read_write> h: array<f32>;
@group(0) @binding(5) var<storage, read_write> scores: array<f32>;

const LOWEST = -3.402823e38; // lowest finite f32: an empty state, never −∞ (so no ∞ − ∞)

struct RowState {
  m: f32,
  z: f32,
  t: f32,
}

fn merge(x: RowState, y: RowState) -> RowState {
  let m = max(x.m, y.m);
  let fx = exp(x.m - m);
  let fy = exp(y.m - m);
  return RowState(m, fx * x.z + fy * y.z, fx * (x.t + x.z * (x.m - m)) + fy * (y.t + y.z * (y.m - m)));
}

@compute @workgroup_size(LANES, LANES)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let n = params.n;
  let d = params.d;
  let tx = lid.x;
  let ty = lid.y;
  let tid = ty * LANES + tx;
  let head = wg.z;
  let base = (params.head0 + head) * n * d;
  let sBase = head * n * n;
  let row0 = (groups.x - 1u - wg.x) * BLOCK; // last rows (most key tiles) first: less tail imbalance
  let lastRow = min(n, row0 + BLOCK) - 1u;

  var st: array<RowState, TM>;
  for (var a = 0u; a < TM; a++) { st[a] = RowState(LOWEST, 0.0, 0.0); }

  for (var col0 = 0u; col0 <= lastRow; col0 += BLOCK) {
    let s = scoreTile(tid, tx, ty, base, base, row0, col0, n, d, params.scale);
    for (var a = 0u; a < TM; a++) {
      let i = row0 + tileRow(ty, a);
      var bm = LOWEST;
      for (var b = 0u; b < TM; b++) {
        let j = col0 + tileCol(tx, b);
        if (i < n && j <= i) {
          bm = max(bm, s[a * TM + b]);
          if (params.write == 1u) { scores[sBase + i * n + j] = s[a * TM + b]; }
        }
      }
      if (bm > LOWEST) {
        let m1 = max(st[a].m, bm);
        let f = exp(st[a].m - m1);
        var zs = 0.0;
        var ts = 0.0;
        for (var b = 0u; b < TM; b++) {
          let j = col0 + tileCol(tx, b);
          if (i < n && j <= i) {
            let x = s[a * TM + b] - m1;
            let e = exp(x);
            zs += e;
            ts += e * x;
          }
        }
        st[a] = RowState(m1, f * st[a].z + zs, f * (st[a].t + st[a].z * (st[a].m - m1)) + ts);
      }
    }
  }

  for (var a = 0u; a < TM; a++) {
    let r = mergeLanes(tx, ty, st[a]);
    let i = row0 + tileRow(ty, a);
    if (tx == 0u && i < n) {
      let lz = log(r.z);
      lse[head * n + i] = r.m + lz;
      h[head * n + i] = lz - r.t / r.z;
    }
  }
}
