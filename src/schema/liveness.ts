/**
 * The worker raising (or lowering) the silence the client allows it: "I may not answer pings for
 * up to `ms` after my last message". A plain postMessage beside comlink's (no comlink id: comlink
 * ignores it).
 */
export interface BusyMessage {
  readonly labBusy: { readonly ms: number; readonly what: string };
}

export function isBusyMessage(data: unknown): data is BusyMessage {
  const b = (data as Partial<BusyMessage> | null)?.labBusy;
  return typeof b === 'object' && b !== null && typeof b.ms === 'number' && typeof b.what === 'string';
}
