/**
 * The one order of ids and names wherever an order must be the same everywhere: UTF-16 code units, which for
 * the contract's ASCII ids is byte order, as PostgreSQL's `collate "C"` — not the locale's. Used for the fold's
 * tie-breaks, the wall's last tie-break, and the key order in which writers lock rows (two transactions that
 * lock in one order never deadlock).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
