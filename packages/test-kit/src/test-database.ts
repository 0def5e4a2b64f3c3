/**
 * A PostgreSQL database a test can both give to the service (as DATABASE_URL) and query itself, e.g. to make
 * it refuse writes. The embedded database cannot serve: it accepts the service's one connection only.
 * DATABASE_URL's server when set (CI: a scratch database there), else a private cluster of the machine's
 * PostgreSQL binaries.
 */
import { missing } from './availability.js';
import { startOwnPostgres } from './own-postgres.js';
import { createScratchDatabase } from './scratch-database.js';

export interface TestDatabase {
  url: string;
  destroy(): Promise<void>;
}

/** Why no test database can be had here, or null when one can. */
export function testDatabaseMissing(): string | null {
  if (process.env.DATABASE_URL) return null;
  const why = missing('postgres');
  return why && `${why} and DATABASE_URL is not set`;
}

export async function startTestDatabase(): Promise<TestDatabase> {
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL);
    return { url: scratch.url, destroy: () => scratch.drop() };
  }
  const server = await startOwnPostgres();
  try {
    return { url: await server.createDatabase('twin_test'), destroy: () => server.destroy() };
  } catch (err) {
    await server.destroy();
    throw err;
  }
}
