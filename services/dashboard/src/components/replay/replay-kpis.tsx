/** The wall's KPI board at the playhead: the figures computed from the states then (domain kpisAt). */
import { useQuery } from '@tanstack/react-query';
import { type Department, type KpiBoard, kpisAt } from '@twin/domain';
import { useMemo } from 'react';
import { kpisQuery } from '../../api/boards.js';
import { useReplayStore } from '../../replay/replay-store.js';
import { KpiTable } from '../wall/kpi-board.js';

const WINDOW_MS = 24 * 3_600_000;

export function ReplayKpis({ departments }: { departments: readonly Department[] }) {
  // NOTE: the states change at events only; the frame object (its t) whenever the playhead moves.
  const states = useReplayStore((s) => s.shown.frame?.states);
  // The pack's targets come with the live board; the replay judges against the same targets.
  const { data: live } = useQuery(kpisQuery);
  const targets = useMemo(
    () =>
      new Map(
        (live?.departments ?? []).map((d) => [
          d.department,
          {
            acknowledge: d.responseTimes.acknowledge.targetS,
            dispatch: d.responseTimes.dispatch.targetS,
            onScene: d.responseTimes.onScene.targetS,
          },
        ]),
      ),
    [live],
  );
  const board = useMemo<KpiBoard | null>(() => {
    if (!states) return null;
    // The instant the states are for: the playhead when they were made (they hold until the next event).
    const at = useReplayStore.getState().shown.t;
    const ids = departments.map((d) => d.id);
    return { at, windowS: WINDOW_MS / 1000, departments: kpisAt(states, at, WINDOW_MS, ids, targets) };
  }, [states, departments, targets]);
  if (!board) return null;
  return (
    <KpiTable
      board={board}
      departments={departments}
      testId="replay-kpis"
      caption={
        <>
          At the playhead · response times: median · 90th percentile · target, over the 24 h before it, of the
          incidents the replay has loaded
        </>
      }
    />
  );
}
