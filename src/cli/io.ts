import type { ErrStream } from './progress';

/** Where a command writes: stdout for results and links, stderr for progress and messages. */
export interface Io {
  readonly out: (s: string) => void;
  readonly err: ErrStream;
}

export const processIo: Io = {
  out: (s) => void process.stdout.write(s),
  err: process.stderr,
};

/**
 * Control characters other than newline and tab, shown as \xNN: a results file or a text can
 * carry terminal escape codes (colours, cursor moves, a changed window title) that must not reach
 * the terminal raw.
 */
export const printable = (s: string): string =>
  s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export const say = (io: Io, line: string) => void io.err.write(`${printable(line)}\n`);
