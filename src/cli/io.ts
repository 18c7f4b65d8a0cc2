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

export const say = (io: Io, line: string) => void io.err.write(`${line}\n`);
