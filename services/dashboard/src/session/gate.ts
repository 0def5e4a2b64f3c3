/**
 * What the whole screen shows, from who we are and whether a kiosk link is being opened. Pure, so every
 * combination is tested without a browser; app.tsx only renders the answer.
 */
import type { Principal } from '@twin/domain';
import { ApiError } from '../api/http.js';

/** Where opening a kiosk link stands: none in the URL, being exchanged, or refused by the server. */
export type KioskPhase = 'none' | 'exchanging' | 'revoked' | 'done';

export type Gate =
  /** A kiosk link is being exchanged (or retried while the server is away). */
  | 'opening-wall'
  /** A wall whose link no longer works: a full-screen message, never a password form. */
  | 'kiosk-revoked'
  /** Signed in with a kiosk link: the wall only, nothing to act with. */
  | 'kiosk'
  /** Signed in as a person or a token: the full app, within what the role allows. */
  | 'app'
  /** First answer from /me not in yet. */
  | 'checking'
  /** Nobody is signed in and the server cannot say more: retrying. */
  | 'unreachable'
  | 'sign-in';

export interface GateInput {
  kiosk: KioskPhase;
  me: Principal | null;
  mePending: boolean;
  meError: boolean;
  /** This browser was opened as a wall before (kiosk-link.ts). */
  kioskScreen: boolean;
}

export function decideGate({ kiosk, me, mePending, meError, kioskScreen }: GateInput): Gate {
  if (kiosk === 'exchanging') return 'opening-wall';
  if (kiosk === 'revoked') return 'kiosk-revoked';
  if (me) return me.role === 'kiosk' ? 'kiosk' : 'app';
  if (mePending) return 'checking';
  if (meError) return 'unreachable';
  // NOTE: a wall whose session ended (link revoked while it was showing) has nobody in front of it to type a
  // password: say what happened, in letters readable from across the room.
  return kioskScreen ? 'kiosk-revoked' : 'sign-in';
}

/**
 * Did the server refuse the kiosk token for good (revoked, unknown, malformed)? Otherwise (server down,
 * restarting, rate limit) the wall keeps the token and tries again.
 */
export function isKioskTokenRefused(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.unreachable) return false;
  return error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}
