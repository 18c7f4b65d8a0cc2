/**
 * The command line's one kind of failure: a one-line message and an exit code. 2 means the command
 * line itself is wrong (unknown option, missing value, --texts on a synthetic source); 1 means a
 * file could not be read or the run failed. main() prints the message, never a stack (unless --debug).
 */
export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
  constructor(
    readonly code: typeof EXIT_RUNTIME | typeof EXIT_USAGE,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line is wrong: exit 2, with a hint to --help. */
export const usageError = (message: string) => new CliError(EXIT_USAGE, `${message} (see attention-lab --help)`);

/** A file or the run failed: exit 1. */
export const runtimeError = (message: string) => new CliError(EXIT_RUNTIME, message);

/** One line for any thrown value, without the stack. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]?.trim() || 'unknown error';
}
