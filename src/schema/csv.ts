/**
 * One CSV field from a text, safe to open in a spreadsheet: a text that starts with = + - @ (or a
 * tab or carriage return) would run as a formula there (`=HYPERLINK(…)` sends data away), so it
 * gets a leading apostrophe, which spreadsheets show as text (OWASP's advice on CSV injection);
 * then RFC 4180 quoting where needed. Numbers are formatted by the caller and passed as numbers.
 */
export function csvText(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV field: numbers as they are (non-finite as `nonFinite` says), everything else through csvText. */
export function csvCell(v: unknown, nonFinite: (x: number) => string = () => ''): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : nonFinite(v);
  return csvText(String(v));
}
