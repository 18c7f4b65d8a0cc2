import { parseArgs, USAGE } from './args';
import { EXIT_OK, EXIT_RUNTIME, EXIT_USAGE, oneLine } from './errors';
import { processIo, say, type Io } from './io';
import { openCommand } from './openCommand';
import { runCommand } from './runCommand';

/**
 * Entry of the command line (bundled to dist-cli/attention-lab.mjs by `npm run build:cli`, started
 * by bin/attention-lab.mjs). Returns the exit code; every failure becomes one line on stderr.
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const cmd = parseArgs(argv);
    if (cmd.kind === 'usage') {
      say(io, USAGE);
      return EXIT_USAGE;
    }
    if (cmd.kind === 'help') io.out(`${USAGE}\n`);
    else if (cmd.kind === 'run') await runCommand(cmd, io);
    else await openCommand(cmd, io);
    return EXIT_OK;
  } catch (e) {
    say(io, `attention-lab: ${oneLine(e)}`);
    if (debug && e instanceof Error && e.stack) say(io, e.stack);
    const code = (e as { code?: unknown }).code;
    return e instanceof Error && e.name === 'CliError' && (code === 1 || code === 2) ? code : EXIT_RUNTIME;
  }
}
