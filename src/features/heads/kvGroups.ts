/**
 * Grouped-query attention in words: which K/V head a query head reads, and which query heads
 * share it (Llama-family models; docs/methods.md, "Llama-family models").
 */
export function kvGroupLabel(heads: number, kvHeads: number | undefined, head: number): string | null {
  if (!kvHeads || kvHeads >= heads) return null;
  const g = heads / kvHeads;
  const kv = Math.floor(head / g);
  return `K/V head ${kv}, shared by heads ${kv * g}–${kv * g + g - 1}`;
}
