import tileCode from '../../../shaders/common/flashTile.wgsl?raw';
import mergeShared from '../../../shaders/common/flashMergeShared.wgsl?raw';
import mergeSubgroup from '../../../shaders/common/flashMergeSubgroup.wgsl?raw';

/** Reads `const NAME = 64u;` from WGSL, so that sizes the dispatch needs are never copied by hand. */
export function wgslConst(code: string, name: string): number {
  const m = new RegExp(`const\\s+${name}\\s*=\\s*(\\d+)u?\\s*;`).exec(code);
  if (!m?.[1]) throw new Error(`WGSL const ${name} not found`);
  return Number(m[1]);
}

/** Query rows and key columns per tile of the flash kernels: TM · LANES (common/flashTile.wgsl). */
export const FLASH_BLOCK = wgslConst(tileCode, 'TM') * wgslConst(tileCode, 'LANES');

/** Query rows per chunk of flashColumns: a multiple of FLASH_BLOCK; chunks = ⌈n / this⌉. */
export const FLASH_ROWS_PER_CHUNK = Math.max(1, Math.round(256 / FLASH_BLOCK)) * FLASH_BLOCK;

/** Does the device have `subgroups` enabled (requested at requestDevice)? */
export function hasSubgroups(device: GPUDevice): boolean {
  return device.features.has('subgroups');
}

/**
 * A flash kernel's full module: its own source, the shared score tile and, where it merges row
 * states, the lane merge (subgroup shuffles behind `enable subgroups;`, or workgroup memory).
 * Files are joined whole, never edited: WGSL has no include.
 */
export function flashSource(code: string, merge: 'none' | 'shared' | 'subgroup'): string {
  if (merge === 'subgroup') return `enable subgroups;\n${code}\n${tileCode}\n${mergeSubgroup}`;
  if (merge === 'shared') return `${code}\n${tileCode}\n${mergeShared}`;
  return `${code}\n${tileCode}`;
}
