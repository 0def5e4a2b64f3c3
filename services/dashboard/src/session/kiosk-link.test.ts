import { describe, expect, it } from 'vitest';
import {
  hasKioskParam,
  isKioskScreen,
  readKioskToken,
  setKioskScreen,
  withoutKioskToken,
} from './kiosk-link.js';

const TOKEN = 'k_3f9aQ-x_Zr8LmN0pQ2';

describe('readKioskToken', () => {
  it('reads the token from /?kiosk=… and next to other parameters', () => {
    expect(readKioskToken(`?kiosk=${TOKEN}`)).toBe(TOKEN);
    expect(readKioskToken(`?department=fire&kiosk=${TOKEN}`)).toBe(TOKEN);
    expect(readKioskToken(`?kiosk=${encodeURIComponent('abc+/=defgh')}`)).toBe('abc+/=defgh');
  });

  it('is null when absent, empty or not a possible token', () => {
    expect(readKioskToken('')).toBeNull();
    expect(readKioskToken('?department=fire')).toBeNull();
    expect(readKioskToken('?kiosk=')).toBeNull();
    expect(readKioskToken('?kiosk=%20%20')).toBeNull();
    expect(readKioskToken('?kiosk=short')).toBeNull();
    expect(readKioskToken(`?kiosk=${'a'.repeat(600)}`)).toBeNull();
    expect(readKioskToken('?kiosk=%3Cscript%3Ealert(1)%3C%2Fscript%3E')).toBeNull();
  });

  it('tells a malformed kiosk parameter from none at all', () => {
    expect(hasKioskParam('?kiosk=')).toBe(true);
    expect(hasKioskParam('?incident=x')).toBe(false);
  });
});

describe('withoutKioskToken', () => {
  it('removes only the token, keeping the path, other parameters and the hash', () => {
    expect(withoutKioskToken({ pathname: '/', search: `?kiosk=${TOKEN}`, hash: '' })).toBe('/');
    expect(withoutKioskToken({ pathname: '/wall', search: `?kiosk=${TOKEN}`, hash: '' })).toBe('/wall');
    expect(
      withoutKioskToken({
        pathname: '/',
        search: `?department=fire&kiosk=${TOKEN}&minSeverity=3`,
        hash: '#x',
      }),
    ).toBe('/?department=fire&minSeverity=3#x');
  });
});

describe('the kiosk-screen flag', () => {
  it('is remembered and forgotten through the given storage', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    expect(isKioskScreen(storage)).toBe(false);
    setKioskScreen(true, storage);
    expect(isKioskScreen(storage)).toBe(true);
    setKioskScreen(false, storage);
    expect(isKioskScreen(storage)).toBe(false);
  });

  it('is off (not a crash) without storage', () => {
    expect(isKioskScreen(null)).toBe(false);
    expect(() => setKioskScreen(true, null)).not.toThrow();
  });
});
