// common/flashMergeSubgroup.wgsl — mergeLanes with subgroups (compiled only when the device has
// the `subgroups` feature; the wrapper puts `enable subgroups;` first). A butterfly of
// subgroupShuffleXor merges groups of w = min(subgroup size, LANES) neighbouring lanes in
// registers; the invocations of a row are neighbours in local_invocation_index (tx fastest), and
// a subgroup that is not laid out that way (checked by shuffling tx itself) falls back to w = 1.
// One lane per group then writes its merged state, the others an empty state, and lane tx = 0
// folds the LANES slots (a fixed-length fold, so the answer does not depend on the layout).
// The merge runs once per workgroup after the tile loop, so either variant is a negligible part
// of the kernel's time. Result valid in tx = 0. Must be called in uniform control flow.

var<workgroup> red: array<RowState, 256>; // LANES · LANES

/** select() for RowState: branch-free, so no shuffle ever sits in divergent control flow. */
fn pick(f: RowState, t: RowState, c: bool) -> RowState {
  return RowState(select(f.m, t.m, c), select(f.z, t.z, c), select(f.t, t.t, c));
}

fn mergeLanes(tx: u32, ty: u32, x: RowState) -> RowState {
  let size = subgroupAdd(1u);
  var w = min(size, LANES);
  var ok = true;
  for (var mask = 1u; mask < LANES; mask = mask * 2u) {
    let partner = subgroupShuffleXor(tx, mask); // outside any branch: subgroup-uniform
    ok = ok & ((mask >= w) | (partner == (tx ^ mask)));
  }
  if (!subgroupAll(ok)) { w = 1u; }
  var r = x;
  for (var mask = 1u; mask < LANES; mask = mask * 2u) {
    // Shuffled every time (uniform control flow); a partner beyond the group is discarded.
    let y = RowState(subgroupShuffleXor(r.m, mask), subgroupShuffleXor(r.z, mask), subgroupShuffleXor(r.t, mask));
    let merged = merge(r, y);
    r = pick(r, merged, mask < w);
  }
  var slot = RowState(LOWEST, 0.0, 0.0);
  slot = pick(slot, r, tx % w == 0u);
  red[ty * LANES + tx] = slot;
  workgroupBarrier();
  if (tx == 0u) {
    for (var l = 1u; l < LANES; l++) { r = merge(r, red[ty * LANES + l]); }
  }
  workgroupBarrier();
  return r;
}
