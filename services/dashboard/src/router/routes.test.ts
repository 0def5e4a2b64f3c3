import { describe, expect, it } from 'vitest';
import { matchRoute } from './routes.js';

describe('matchRoute', () => {
  it('maps the views and tolerates trailing slashes and index.html', () => {
    expect(matchRoute('/')).toBe('wall');
    expect(matchRoute('/index.html')).toBe('wall');
    expect(matchRoute('/incidents')).toBe('incidents');
    expect(matchRoute('/incidents/')).toBe('incidents');
    expect(matchRoute('/replay')).toBe('replay');
    expect(matchRoute('/rules')).toBe('rules');
    expect(matchRoute('/rules/')).toBe('rules');
    expect(matchRoute('/dead-letters')).toBe('dead-letters');
    expect(matchRoute('/dead-letters/')).toBe('dead-letters');
    expect(matchRoute('/nope')).toBe('not-found');
  });

  it('knows the sign-in and access pages and the aliases kiosk links and people use', () => {
    expect(matchRoute('/sign-in')).toBe('sign-in');
    expect(matchRoute('/sign-in/')).toBe('sign-in');
    expect(matchRoute('/admin')).toBe('admin');
    expect(matchRoute('/access')).toBe('admin');
    expect(matchRoute('/wall')).toBe('wall');
    expect(matchRoute('/wall/')).toBe('wall');
    expect(matchRoute('/walls')).toBe('not-found');
  });
});
