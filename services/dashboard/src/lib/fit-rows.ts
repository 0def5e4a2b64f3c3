/**
 * A wall never scrolls and never shows half a row: a list shows as many whole rows as fit its box, and says
 * how many more there are on a line of its own. Rows have a fixed height (their text never wraps), so the
 * number that fits is plain arithmetic on measured heights.
 */
export interface FitInput {
  /** The list's box height (px). */
  available: number;
  /** One row's height (px). */
  rowHeight: number;
  /** The "+N more" line's height (px), needed only when not every row fits. */
  moreHeight: number;
  total: number;
}

export function rowsThatFit({ available, rowHeight, moreHeight, total }: FitInput): number {
  if (total <= 0 || rowHeight <= 0 || available <= 0) return 0;
  // NOTE: a hair of tolerance, so sub-pixel rounding never drops a row that does fit.
  const fits = (rows: number, extra: number) => rows * rowHeight + extra <= available + 0.5;
  if (fits(total, 0)) return total;
  return Math.max(0, Math.floor((available + 0.5 - moreHeight) / rowHeight));
}
