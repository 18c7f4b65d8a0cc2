/**
 * Comments cite the project's own method notes, docs/methods.md, by section title — never notes
 * outside the repository, nor issue numbers (neither is in the repository).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const DIRS = ['src', 'shaders', 'e2e', 'bench', 'scripts', 'training', 'tools'];
const EXT = /\.(ts|tsx|wgsl|py|mjs)$/;

function files(dir: string): string[] {
  let out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.') || name === '__pycache__') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(files(p));
    else if (EXT.test(name)) out.push(p);
  }
  return out;
}

/** Comment text of a source line: after //, #, or a block comment's * (a rough cut, enough here). */
function comment(line: string): string | null {
  const t = line.trim();
  if (t.startsWith('//') || t.startsWith('*') || t.startsWith('/*') || t.startsWith('#')) return t;
  const i = line.indexOf(' // ');
  return i >= 0 ? line.slice(i) : null;
}

describe('comments cite docs/methods.md, nothing outside the repository', () => {
  const all = DIRS.flatMap((d) => files(join(ROOT, d)));
  const headings = new Set(readFileSync(join(ROOT, 'docs/methods.md'), 'utf8').split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3).trim()));

  it('no comment cites METHODS.md sections, shared/ notes or issue numbers', () => {
    const bad: string[] = [];
    for (const f of all) {
      readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        const c = comment(line);
        if (c && (/METHODS(\.md)?\s*§/.test(c) || /\.\.\/shared\//.test(c) || /\bissues?\s+#?\d+/i.test(c))) bad.push(`${relative(ROOT, f)}:${i + 1}: ${c.slice(0, 100)}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it('every docs/methods.md section a source file cites exists', () => {
    const missing: string[] = [];
    for (const f of all) {
      for (const m of readFileSync(f, 'utf8').matchAll(/docs\/methods\.md((?:,? ?&quot;|,? ?")[^"&\n]+(?:"|&quot;))+/g)) {
        for (const t of m[0].matchAll(/(?:"|&quot;)([^"&\n]+)(?:"|&quot;)/g)) if (!headings.has(t[1] as string)) missing.push(`${relative(ROOT, f)}: "${t[1]}"`);
      }
    }
    expect(missing).toEqual([]);
    expect(headings.size).toBeGreaterThan(8);
  });
});
