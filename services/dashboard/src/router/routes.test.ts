import { describe, expect, it } from 'vitest';
import { matchRoute } from './routes.js';

describe('matchRoute', () => {
  it('maps the views and tolerates trailing slashes and index.html', () => {
    expect(matchRoute('/')).toBe('wall');
    expect(matchRoute('/index.html')).toBe('wall');
    expect(matchRoute('/incidents')).toBe('incidents');
    expect(matchRoute('/incidents/')).toBe('incidents');
    expect(matchRoute('/replay')).toBe('replay');
    expect(matchRoute('/dead-letters')).toBe('dead-letters');
    expect(matchRoute('/dead-letters/')).toBe('dead-letters');
    expect(matchRoute('/nope')).toBe('not-found');
  });
});
