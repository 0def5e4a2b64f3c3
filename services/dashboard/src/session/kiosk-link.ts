/**
 * A kiosk link is the wall's URL with `?kiosk=<token>` (`/?kiosk=…` or `/wall?kiosk=…`). The token is
 * exchanged once for a session cookie and then taken out of the address bar, so it is not left on screen,
 * in screenshots or in the history; the cookie keeps the wall signed in across reloads.
 */

export const KIOSK_PARAM = 'kiosk';

/** Tokens are opaque; this only rejects what cannot be one (empty, whitespace, absurdly long). */
const TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]{8,512}$/;

export function readKioskToken(search: string): string | null {
  const value = new URLSearchParams(search).get(KIOSK_PARAM)?.trim();
  return value && TOKEN_PATTERN.test(value) ? value : null;
}

/** True when the URL carries a `kiosk` parameter at all (even a malformed one: it is still removed). */
export function hasKioskParam(search: string): boolean {
  return new URLSearchParams(search).has(KIOSK_PARAM);
}

/** The same address without the token, keeping every other parameter and the hash. */
export function withoutKioskToken(location: { pathname: string; search: string; hash: string }): string {
  const params = new URLSearchParams(location.search);
  params.delete(KIOSK_PARAM);
  const search = params.toString();
  return `${location.pathname}${search ? `?${search}` : ''}${location.hash}`;
}

/**
 * Whether this browser was opened as a wall. Remembered so that, if the link is revoked later, the screen
 * says so instead of falling back to a password form nobody is there to fill in.
 */
const KIOSK_SCREEN_KEY = 'twin.kioskScreen';

export function isKioskScreen(storage: Pick<Storage, 'getItem'> | null = safeStorage()): boolean {
  return storage?.getItem(KIOSK_SCREEN_KEY) === '1';
}

export function setKioskScreen(
  on: boolean,
  storage: Pick<Storage, 'setItem' | 'removeItem'> | null = safeStorage(),
) {
  if (!storage) return;
  if (on) storage.setItem(KIOSK_SCREEN_KEY, '1');
  else storage.removeItem(KIOSK_SCREEN_KEY);
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // NOTE: storage can be disabled by policy; the wall then simply forgets it was a wall after a reload.
    return null;
  }
}
