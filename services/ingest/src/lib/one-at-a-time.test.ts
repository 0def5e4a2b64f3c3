import { describe, expect, it } from 'vitest';
import { oneAtATimePerKey } from './one-at-a-time.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('oneAtATimePerKey', () => {
  it('runs work of one key in turn, other keys alongside, and goes on after a failure', async () => {
    const oneAtATime = oneAtATimePerKey();
    const log: string[] = [];
    const job =
      (name: string, fail = false) =>
      async () => {
        log.push(`${name} start`);
        await tick();
        log.push(`${name} end`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      oneAtATime('a', job('a1', true)),
      oneAtATime('a', job('a2')),
      oneAtATime('b', job('b1')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    // a2 starts only after a1 ended (even though a1 failed); b1 ran alongside a1.
    expect(log.indexOf('a2 start')).toBeGreaterThan(log.indexOf('a1 end'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
  });
});
