/**
 * For tests that need a real PostgreSQL server (several connections, pg_terminate_backend, advisory locks
 * between sessions): they run when DATABASE_URL is set, each in a scratch database of its own. Without it
 * they are reported as skipped with the reason, never left out silently; under CI=true they must run.
 */
import { describe, it } from 'vitest';

export function describeOnPostgres(title: string, fn: (adminUrl: string) => void): void {
  const url = process.env.DATABASE_URL;
  if (!url) {
    if (process.env.CI === 'true')
      throw new Error(`CI=true but DATABASE_URL is not set: "${title}" must run against PostgreSQL`);
    describe.skip(`${title} (skipped: set DATABASE_URL to run it against PostgreSQL)`, () => {
      it('runs against PostgreSQL', () => {});
    });
    return;
  }
  describe(`${title} on PostgreSQL`, () => fn(url));
}
