/** Largest workgroup count per dispatch dimension that WebGPU guarantees. */
const MAX_GROUPS = 65535;

/**
 * A 1-D grid of `count` items in workgroups of `wg`, laid out as (x, y) when one dimension is not
 * enough; the shader recovers the flat group as wg.y · rowGroups + wg.x and drops items past count.
 */
export function flatGrid(count: number, wg: number): { readonly groups: [number, number]; readonly rowGroups: number } {
  const total = Math.max(1, Math.ceil(count / wg));
  const rowGroups = Math.min(total, MAX_GROUPS);
  return { groups: [rowGroups, Math.ceil(total / rowGroups)], rowGroups };
}
