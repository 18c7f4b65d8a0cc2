// common/flashMergeShared.wgsl — mergeLanes without subgroups: the LANES partial RowStates of a
// row go through workgroup memory and lane tx = 0 folds them in order. Result valid in tx = 0.
// Workgroup memory: 3 · LANES · LANES f32 = 3 KiB. Must be called in uniform control flow.

var<workgroup> red: array<RowState, 256>; // LANES · LANES

fn mergeLanes(tx: u32, ty: u32, x: RowState) -> RowState {
  red[ty * LANES + tx] = x;
  workgroupBarrier();
  var r = x;
  if (tx == 0u) {
    for (var l = 1u; l < LANES; l++) { r = merge(r, red[ty * LANES + l]); }
  }
  workgroupBarrier();
  return r;
}
