/**
 * The units board, live: fetched once (and again after a resync), then kept by the incident changes the page
 * already receives on the live socket, by the server's own rule (domain `applyIncidentsToUnitBoard`), so a
 * unit's new status shows as soon as its incident changes, with no polling.
 *
 * NOTE: changes that arrive while the board is being fetched would be overwritten by the answer, which may
 * have been read before them; the last minute of changes is kept and applied again to every answer.
 */
import type { QueryClient } from '@tanstack/react-query';
import { applyIncidentsToUnitBoard, type IncidentView, type UnitBoard } from '@twin/domain';

/** How long changes are kept for a board answer that was on its way (far longer than any request). */
export const RECENT_CHANGES_MS = 60_000;

const recent: Array<{ at: number; incidents: readonly IncidentView[] }> = [];

export const unitBoardKey = ['boards', 'units'] as const;

/** A board with some changed incidents applied; the same object when none of them says anything new. */
export function boardWith(board: UnitBoard, changed: readonly IncidentView[]): UnitBoard {
  const units = applyIncidentsToUnitBoard(board.units, changed);
  return units === board.units ? board : { ...board, units: [...units] };
}

/** A live delta's changed incidents: onto the cached board, and kept for a board answer on its way. */
export function applyUnitChanges(
  queryClient: QueryClient,
  changed: readonly IncidentView[],
  now: number,
): void {
  recent.push({ at: now, incidents: changed });
  while (recent.length > 0 && (recent[0]?.at ?? now) < now - RECENT_CHANGES_MS) recent.shift();
  queryClient.setQueryData<UnitBoard>(unitBoardKey, (board) => {
    if (!board) return undefined;
    const next = boardWith(board, changed);
    return next === board ? undefined : next;
  });
}

/** A fetched board with the changes received since the request started applied again. */
export function withChangesSince(board: UnitBoard, since: number): UnitBoard {
  const changed = recent.filter((r) => r.at >= since).flatMap((r) => r.incidents);
  return changed.length === 0 ? board : boardWith(board, changed);
}

/** Forgets the kept changes (a resync brings a new board; tests start clean). */
export function forgetUnitChanges(): void {
  recent.length = 0;
}
