/**
 * The SQL form of the domain's window rule for incidents (openDuring in packages/domain/src/incident-window.ts):
 * an incident is in [from, to] when it was opened at or before `to` and not resolved before `from` (still open
 * ones count). Every query that filters incidents by a window builds its condition here, so "in the window"
 * means the same on every route. The expressions match migration 9's indexes (incidents_opened,
 * incidents_open_until); change them together.
 */
import type { TimeWindow } from '@twin/domain';

/** When an incident stopped being open (its `resolved_at`, a column migration 9 derives); infinity while open. */
export function openUntilSql(alias = ''): string {
  return `coalesce(${alias}resolved_at, 'infinity'::timestamptz)`;
}

/**
 * The conditions (to be joined with `and`) for incidents open during the window, appending their values to
 * `params`. An absent end adds no condition. `alias` prefixes the columns (e.g. `i.`) when a query joins.
 */
export function openDuringConditions(window: TimeWindow, params: unknown[], alias = ''): string[] {
  const conditions: string[] = [];
  if (window.to !== undefined)
    conditions.push(`${alias}opened_at <= $${params.push(new Date(window.to).toISOString())}::timestamptz`);
  if (window.from !== undefined)
    conditions.push(
      `${openUntilSql(alias)} >= $${params.push(new Date(window.from).toISOString())}::timestamptz`,
    );
  return conditions;
}
