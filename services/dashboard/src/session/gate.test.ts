import type { Principal } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.js';
import { decideGate, type GateInput, isKioskTokenRefused } from './gate.js';

const person = (role: Principal['role']): Principal => ({
  id: 'u1',
  username: 'j.doe',
  displayName: 'Jane Doe',
  role,
  department: role === 'lead' ? 'fire' : null,
  kind: role === 'kiosk' ? 'kiosk' : 'session',
});

const base: GateInput = { kiosk: 'none', me: null, mePending: false, meError: false, kioskScreen: false };

describe('decideGate', () => {
  it('shows the sign-in to nobody on an ordinary screen', () => {
    expect(decideGate(base)).toBe('sign-in');
  });

  it('never shows a password form on a wall: revoked link, or a wall that lost its session', () => {
    expect(decideGate({ ...base, kiosk: 'revoked' })).toBe('kiosk-revoked');
    expect(decideGate({ ...base, kioskScreen: true })).toBe('kiosk-revoked');
    // Even if an older cookie still names someone, a refused link says so.
    expect(decideGate({ ...base, kiosk: 'revoked', me: person('admin') })).toBe('kiosk-revoked');
  });

  it('waits for the kiosk exchange before anything else', () => {
    expect(decideGate({ ...base, kiosk: 'exchanging', mePending: true })).toBe('opening-wall');
    expect(decideGate({ ...base, kiosk: 'exchanging', me: person('lead') })).toBe('opening-wall');
  });

  it('opens the wall-only mode for a kiosk principal and the app for people', () => {
    expect(decideGate({ ...base, kiosk: 'done', me: person('kiosk'), kioskScreen: true })).toBe('kiosk');
    expect(decideGate({ ...base, me: person('kiosk') })).toBe('kiosk');
    for (const role of ['admin', 'command', 'lead', 'analyst'] as const) {
      expect(decideGate({ ...base, me: person(role) })).toBe('app');
    }
  });

  it('does not ask for a password while it cannot know (first check, server away)', () => {
    expect(decideGate({ ...base, mePending: true })).toBe('checking');
    expect(decideGate({ ...base, meError: true })).toBe('unreachable');
    // Known principal, failing re-check: keep working (the server banner says the rest).
    expect(decideGate({ ...base, me: person('lead'), meError: true })).toBe('app');
  });
});

describe('isKioskTokenRefused', () => {
  it('gives up on a refused token and retries a server that is away', () => {
    expect(isKioskTokenRefused(new ApiError(401, 'unauthorized', 'revoked'))).toBe(true);
    expect(isKioskTokenRefused(new ApiError(404, 'not_found', 'no such link'))).toBe(true);
    expect(isKioskTokenRefused(new ApiError(400, 'bad_request', 'token: required'))).toBe(true);
    expect(isKioskTokenRefused(new ApiError(0, 'unreachable', 'Cannot reach the server'))).toBe(false);
    expect(isKioskTokenRefused(new ApiError(502, 'unreachable', 'Bad gateway'))).toBe(false);
    expect(isKioskTokenRefused(new ApiError(500, 'internal', 'boom'))).toBe(false);
    expect(isKioskTokenRefused(new ApiError(429, 'rate_limited', 'slow down'))).toBe(false);
    expect(isKioskTokenRefused(new TypeError('x'))).toBe(false);
  });
});
