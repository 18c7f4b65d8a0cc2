/** Kinds of failure a user can act on; the message says what happened and what to do. */
export type LabErrorKind =
  | 'no-webgpu'
  | 'no-adapter'
  | 'device-lost'
  | 'gpu-validation'
  | 'out-of-memory'
  | 'bad-input'
  | 'worker-crashed'
  /** A result could not be sent from the worker to the page. */
  | 'chunk-lost'
  /** Numbers overflowed or became NaN/∞: showing them would mislead. */
  | 'numeric'
  | 'aborted';

export class LabError extends Error {
  constructor(
    readonly kind: LabErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'LabError';
  }
}

/** A plain-object form of a LabError that survives structured cloning across the worker boundary. */
export interface LabErrorInfo {
  readonly kind: LabErrorKind;
  readonly message: string;
}

export function toErrorInfo(e: unknown): LabErrorInfo {
  if (e instanceof LabError) return { kind: e.kind, message: e.message };
  if (e instanceof Error) return { kind: 'gpu-validation', message: e.message };
  return { kind: 'gpu-validation', message: String(e) };
}
