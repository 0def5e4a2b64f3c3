/**
 * CSV as the exports write it (RFC 4180): one definition of quoting and of formula escaping, so every export
 * (incidents, readings) and every reader of one (tests, the browser) agree on what a cell holds.
 */

/**
 * Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"): a text cell that
 * starts with one of them gets a leading `'`, so `=HYPERLINK(…)` in an incident's title stays text. Numbers
 * the exports write themselves (a longitude of -122.4) are not text cells and are never escaped.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell: formula-escaped, then quoted when it holds a comma, a quote or a line break. */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number cell: as JavaScript writes it; empty for null or a non-finite value. */
export function csvNumber(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '' : String(value);
}

/** A time cell: ISO 8601 in UTC; empty for null. */
export function csvTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '' : new Date(ms).toISOString();
}

/** One line of cells already formatted by csvText / csvNumber / csvTime, ended by CRLF as RFC 4180 says. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.join(',')}\r\n`;
}
