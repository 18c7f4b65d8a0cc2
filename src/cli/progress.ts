/**
 * A progress bar on stderr over the whole batch, advanced by the engine's progress chunks
 * (pane-heads of the current input). On a terminal it redraws one line; elsewhere (a log, a test)
 * it prints a line at every tenth of the work, so logs stay short.
 */

export interface ErrStream {
  readonly isTTY?: boolean;
  write(s: string): unknown;
}

const WIDTH = 30;

export class Progress {
  private lastTenth = -1;
  private readonly t0 = performance.now();

  constructor(
    private readonly texts: number,
    private readonly err: ErrStream,
    private readonly enabled: boolean,
  ) {}

  /** `fraction` of the batch done, in [0, 1], while input `text` (1-based) runs. */
  update(fraction: number, text: number): void {
    if (!this.enabled) return;
    const f = Math.min(1, Math.max(0, fraction));
    const secs = ((performance.now() - this.t0) / 1000).toFixed(1);
    const line = `${'█'.repeat(Math.round(f * WIDTH)).padEnd(WIDTH, '░')} ${(f * 100).toFixed(0).padStart(3)}%  input ${text}/${this.texts}  ${secs} s`;
    if (this.err.isTTY) {
      this.err.write(`\r${line}`);
      return;
    }
    const tenth = Math.floor(f * 10);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.err.write(`${line}\n`);
    }
  }

  end(): void {
    if (this.enabled && this.err.isTTY) this.err.write('\n');
  }
}
