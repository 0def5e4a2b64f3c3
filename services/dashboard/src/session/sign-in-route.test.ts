import { describe, expect, it } from 'vitest';
import { isSignInPath, nextFromSignInSearch, safeNextPath, signInHref } from './sign-in-route.js';

describe('safeNextPath', () => {
  it('keeps a path on this site with its search', () => {
    expect(safeNextPath('/incidents?department=fire&incident=sf-1')).toBe(
      '/incidents?department=fire&incident=sf-1',
    );
    expect(safeNextPath('/admin')).toBe('/admin');
  });

  it('sends anything that could leave the site, or loop, to the wall', () => {
    for (const bad of [
      null,
      '',
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      'incidents',
      '/\tevil',
      '/sign-in',
      '/sign-in/?next=/admin',
      '/?kiosk=abcdefgh12',
      `/${'a'.repeat(2100)}`,
    ]) {
      expect(safeNextPath(bad), String(bad)).toBe('/');
    }
  });
});

describe('signInHref / nextFromSignInSearch', () => {
  it('round-trips where the user was going', () => {
    const href = signInHref('/incidents?status=all&incident=sf-2');
    expect(href).toBe('/sign-in?next=%2Fincidents%3Fstatus%3Dall%26incident%3Dsf-2');
    expect(nextFromSignInSearch(href.slice(href.indexOf('?')))).toBe('/incidents?status=all&incident=sf-2');
  });

  it('is plain /sign-in for the wall, and never nests sign-in in itself', () => {
    expect(signInHref('/')).toBe('/sign-in');
    expect(signInHref('/sign-in?next=%2Fadmin')).toBe('/sign-in?next=%2Fadmin');
    expect(nextFromSignInSearch('')).toBe('/');
    expect(nextFromSignInSearch('?next=https%3A%2F%2Fevil.example')).toBe('/');
  });

  it('recognises the sign-in path with a trailing slash', () => {
    expect(isSignInPath('/sign-in/')).toBe(true);
    expect(isSignInPath('/sign-inx')).toBe(false);
  });
});
