import reduceCode from '../../../shaders/common/rowReduce.wgsl?raw';

/**
 * A row kernel's full module: its own source with the shared workgroup reductions
 * (common/rowReduce.wgsl: reduceSum, reduceMax, reduceMin over `red`) appended. Appended, not
 * prepended, so compile errors keep the kernel file's own line numbers. WGSL has no include.
 */
export function withRowReduce(code: string): string {
  return `${code}\n${reduceCode}`;
}
