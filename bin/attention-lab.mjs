#!/usr/bin/env node
// Launcher of the attention-lab command line. The CLI is TypeScript bundled by Vite (Node 20 runs
// no TypeScript), so this file only loads dist-cli/attention-lab.mjs, or says how to build it.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist-cli/attention-lab.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('attention-lab: the command line is not built yet: run `npm run build:cli` in the attention-lab folder\n');
  process.exit(1);
}
const { main } = await import(bundle.href);
const code = await main(process.argv.slice(2));
// Exit at once: Dawn's instance would otherwise keep the process alive.
process.exit(code);
