// Prints one closing line for the whole suite: "tests: N passed, N failed".
// Reads Vitest's JSON report and Playwright's list-reporter summary ("  6 passed (15.3s)", "  1 failed").
import { readFileSync } from 'node:fs';

const [vitestJson, playwrightLog] = process.argv.slice(2);
const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
const log = readFileSync(playwrightLog, 'utf8');
const last = (re) => Number([...log.matchAll(re)].at(-1)?.[1] ?? 0);
const e2ePassed = last(/^ {2}(\d+) passed \(/gm);
const e2eFailed = last(/^ {2}(\d+) failed$/gm);
const passed = v.numPassedTests + e2ePassed;
const failed = v.numFailedTests + e2eFailed;
console.log(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed; playwright: ${e2ePassed} passed, ${e2eFailed} failed`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
