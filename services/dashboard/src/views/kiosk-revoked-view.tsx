import { ScreenMessage } from '../components/screen-message.js';
import { SIGN_IN_PATH } from '../session/sign-in-route.js';
import { useUiStore } from '../state/ui-store.js';

/**
 * A wall whose kiosk link no longer works. Nobody is there to type a password, so the screen says what to
 * do in words readable from 5 m; the small link below is for an administrator standing at the screen.
 */
export function KioskRevokedView({ onLeaveWallMode }: { onLeaveWallMode: () => void }) {
  const openHref = useUiStore((s) => s.openHref);
  return (
    <ScreenMessage
      tone="alert"
      testId="kiosk-revoked"
      title="This wall's link was revoked — ask an administrator for a new one"
    >
      <p>Open the new link on this screen and the wall comes back by itself.</p>
      <button
        type="button"
        className="screen-message__aside"
        onClick={() => {
          onLeaveWallMode();
          openHref(SIGN_IN_PATH, { replace: true });
        }}
      >
        Not a wall screen? Sign in with a password
      </button>
    </ScreenMessage>
  );
}
