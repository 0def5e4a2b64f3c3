import { useQueryClient } from '@tanstack/react-query';
import type { IncidentView } from '@twin/domain';
import { useEffect } from 'react';
import { boardKeys } from '../api/boards.js';
import { liveIncidentsQuery } from '../api/incidents.js';
import { playAlertTone } from '../lib/alert-tone.js';
import { useLiveSocket } from '../live/live-socket-context.js';
import { useWallStore } from '../state/wall-store.js';

/** After a live incident change, the boards are asked again at most this often (the feed can be busy). */
export const BOARD_REFRESH_MIN_MS = 2_000;

/**
 * While the wall is shown: feeds the ticker from the live incident changes, flashes (and, when sound is on,
 * sounds) new critical incidents, and refetches the KPI board soon after incidents change. (The units board
 * follows the changes themselves: live/unit-board-live.ts.)
 */
export function useWallFeed(): void {
  const socket = useLiveSocket();
  const queryClient = useQueryClient();
  useEffect(() => {
    const store = useWallStore.getState();
    const cached = queryClient.getQueryData<IncidentView[]>(liveIncidentsQuery.queryKey);
    if (cached) store.baseline(cached);
    let lastRefresh = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refreshBoards = () => {
      if (timer) return;
      const wait = Math.max(0, lastRefresh + BOARD_REFRESH_MIN_MS - Date.now());
      timer = setTimeout(() => {
        timer = null;
        lastRefresh = Date.now();
        // NOTE: cancelRefetch false: a board already being fetched is not restarted by a busy feed.
        void queryClient.refetchQueries(
          { queryKey: boardKeys.kpis(), type: 'active' },
          { cancelRefetch: false },
        );
      }, wait);
    };
    const unsubscribe = socket.onMessage((message) => {
      if (message.type === 'snapshot') {
        useWallStore.getState().baseline(message.incidents);
        refreshBoards();
      } else if (message.type === 'changes' && message.incidents?.length) {
        const critical = useWallStore.getState().apply(message.incidents, Date.now());
        if (critical.length > 0 && useWallStore.getState().soundOn) playAlertTone();
        refreshBoards();
      }
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [socket, queryClient]);
}
