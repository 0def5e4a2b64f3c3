import { useCallback, useEffect, useRef, useState } from 'react';
import { reconnectDelayMs } from '../live/live-socket.js';
import { useUiStore } from '../state/ui-store.js';
import { isKioskTokenRefused, type KioskPhase } from './gate.js';
import { hasKioskParam, readKioskToken, setKioskScreen, withoutKioskToken } from './kiosk-link.js';
import { useKioskExchange } from './use-me.js';

function removeTokenFromAddressBar(): void {
  window.history.replaceState(window.history.state, '', withoutKioskToken(window.location));
  useUiStore.getState().syncFromLocation();
}

/**
 * Opens a kiosk link found in the URL at start-up: exchanges the token for a session cookie, then removes it
 * from the address bar (a reload keeps working through the cookie). A refused token is removed too and
 * the wall says its link was revoked; a server that cannot be reached is retried with backoff, keeping the
 * token, because a wall is often switched on before the server is up. `leaveWallMode` is for a person at
 * the screen who says it is not a wall (then the sign-in form is shown).
 */
export function useKioskLink(): { phase: KioskPhase; leaveWallMode: () => void } {
  const exchange = useKioskExchange();
  const [initial] = useState(() => {
    const search = window.location.search;
    return { token: readKioskToken(search), present: hasKioskParam(search) };
  });
  const [phase, setPhase] = useState<KioskPhase>(
    initial.token ? 'exchanging' : initial.present ? 'revoked' : 'none',
  );
  // NOTE: a ref, not state: React's strict mode runs effects twice and the token must be sent once.
  const started = useRef(false);
  const { mutateAsync } = exchange;

  useEffect(() => {
    if (started.current || !initial.present) return;
    started.current = true;
    const token = initial.token;
    if (!token) {
      setKioskScreen(true);
      removeTokenFromAddressBar();
      return;
    }
    let attempt = 0;
    const tryExchange = async () => {
      try {
        await mutateAsync(token);
        removeTokenFromAddressBar();
        setPhase('done');
      } catch (error) {
        if (isKioskTokenRefused(error)) {
          setKioskScreen(true);
          removeTokenFromAddressBar();
          setPhase('revoked');
        } else {
          setTimeout(tryExchange, reconnectDelayMs(attempt++));
        }
      }
    };
    void tryExchange();
  }, [initial, mutateAsync]);

  const leaveWallMode = useCallback(() => {
    setKioskScreen(false);
    setPhase('none');
  }, []);

  return { phase, leaveWallMode };
}
