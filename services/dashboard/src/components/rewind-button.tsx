/**
 * "Rewind 30 minutes": opens the replay of the last hour at 30 minutes before the data's "now" (the wall
 * clock, or the data's own time while it is historical), through the same camera and with the same
 * filters; the replay's "Back to live" returns here. Not on a kiosk wall: see docs/dashboard-identity.md.
 */
import { useQuery } from '@tanstack/react-query';
import { ageReference } from '@twin/domain';
import { dataClockQuery } from '../api/clock.js';
import { currentCamera } from '../map/camera.js';
import { useReplayStore } from '../replay/replay-store.js';
import { ROUTE_PATHS } from '../router/routes.js';
import { useUiStore } from '../state/ui-store.js';

const MIN = 60_000;
export const REWIND_MS = 30 * MIN;
export const REWIND_WINDOW_MS = 60 * MIN;

export function RewindButton({ className }: { className?: string }) {
  const wallOnly = useUiStore((s) => s.wallOnly);
  const { data: clock } = useQuery(dataClockQuery);
  if (wallOnly) return null;
  const rewind = () => {
    const now = ageReference(clock, Date.now());
    const { pathname, search } = window.location;
    useReplayStore.getState().setReturnTo(`${pathname}${search}`);
    useUiStore.getState().navigate(ROUTE_PATHS.replay, {
      incident: null,
      replay: {
        from: now - REWIND_WINDOW_MS,
        to: now,
        t: now - REWIND_MS,
        speed: null,
        category: null,
        camera: currentCamera(),
      },
    });
  };
  return (
    <button
      type="button"
      className={className}
      data-testid="rewind-30"
      title="Replay the last hour from 30 minutes ago, with this view's camera and filters"
      onClick={rewind}
    >
      ↺ Rewind 30 min
    </button>
  );
}
