/**
 * The sign-in page lives at `/sign-in?next=<where the user was going>`. `next` is only ever a path on this
 * site: anything else (another origin, `//evil`, a `javascript:` URL) is replaced by the wall, so a crafted
 * link cannot send someone elsewhere after they type their password.
 */
import { hasKioskParam } from './kiosk-link.js';

export const SIGN_IN_PATH = '/sign-in';
export const HOME_PATH = '/';

export function isSignInPath(pathname: string): boolean {
  return pathname.replace(/(.)\/+$/, '$1') === SIGN_IN_PATH;
}

export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > 2000) return HOME_PATH;
  // One leading slash, then not a second slash or backslash (protocol-relative URLs), and no control
  // characters browsers strip before resolving.
  if (!/^\/(?![/\\])/.test(next) || next.includes('\\') || hasControlCharacter(next)) return HOME_PATH;
  const pathname = next.split(/[?#]/)[0] ?? HOME_PATH;
  if (isSignInPath(pathname)) return HOME_PATH;
  const search = next.includes('?') ? (next.slice(next.indexOf('?')).split('#')[0] ?? '') : '';
  // NOTE: never bounce back to a kiosk link: the token has been spent or revoked by then.
  if (hasKioskParam(search)) return HOME_PATH;
  return next;
}

/** The sign-in address that returns to `pathAndSearch` afterwards (plain `/sign-in` when that is home). */
export function signInHref(pathAndSearch: string): string {
  if (isSignInPath(pathAndSearch.split('?')[0] ?? '')) return pathAndSearch;
  const next = safeNextPath(pathAndSearch);
  return next === HOME_PATH ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}`;
}

export function nextFromSignInSearch(search: string): string {
  return safeNextPath(new URLSearchParams(search).get('next'));
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++)
    if (text.charCodeAt(i) < 0x20 || text.charCodeAt(i) === 0x7f) return true;
  return false;
}
