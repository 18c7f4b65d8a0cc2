import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The lint rule that keeps data arrays out of argument lists (eslint.config.js). */
describe('no spread arguments in product code', () => {
  it('rejects Math.max(...xs), push(...xs) and Math.max.apply, and passes a loop', async () => {
    const eslint = new ESLint();
    const lint = async (code: string) => (await eslint.lintText(code, { filePath: 'src/views/probe.ts' }))[0]?.messages.filter((m) => m.ruleId === 'no-restricted-syntax').length;
    expect(await lint('export const f = (xs: number[]) => Math.max(...xs);\n')).toBe(1);
    expect(await lint('export const f = (a: number[], xs: number[]) => a.push(...xs);\n')).toBe(1);
    expect(await lint('export const f = (xs: number[]) => Math.max.apply(null, xs);\n')).toBe(1);
    expect(await lint('export const f = (xs: number[]) => [...xs, 1];\n')).toBe(0);
  }, 30_000);
});
