/**
 * VACUUM and ANALYZE for the embedded engine, which has no autovacuum: PGlite is one backend with no
 * background workers (its settings say `autovacuum = on`, but no launcher ever runs).
 *
 * Without this, on the default install:
 * - space freed by deletes is never reused: the change log (24 h kept by default, ~1 KB a row, ~45 rows/s
 *   with the demo feed) trims its oldest rows every round and grows by a day's worth every day regardless;
 *   so do dead letters, rule firings and sessions;
 * - no table is ever analysed (`reltuples` stays -1), so every plan is made on default estimates.
 * Updated rows (latest values, incident states) are pruned on their pages as they are read, which bounds
 * those tables without a vacuum (checked: 2,000 latest values updated 1,000 times stay at 4.9 MB).
 *
 * Ordinary tables are vacuumed and analysed every VACUUM_EVERY_MS: after the first, a vacuum skips
 * the pages the visibility map says are clean, so each pass costs what changed since the last. The
 * hypertables (readings, incident events) only grow and are only analysed, every ANALYZE_EVERY_MS (ANALYZE
 * reads a sample of 30,000 rows whatever the size). Both run on the engine's one connection, between the
 * writer's transactions.
 */
import type { Queryable } from './pool.js';

const VACUUM_EVERY_MS = 10 * 60_000;
const ANALYZE_EVERY_MS = 60 * 60_000;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The schema's ordinary tables that are not hypertables (those that see updates and deletes), and the hypertables. */
async function tablesOf(db: Queryable): Promise<{ ordinary: string[]; hypertables: string[] }> {
  const { rows } = await db.query<{ name: string; hypertable: boolean }>(
    `select c.relname as name,
            exists (select 1 from timescaledb_information.hypertables h
                    where h.hypertable_schema = 'public' and h.hypertable_name = c.relname) as hypertable
     from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
     order by c.relname`,
  );
  return {
    ordinary: rows.filter((r) => !r.hypertable).map((r) => r.name),
    hypertables: rows.filter((r) => r.hypertable).map((r) => r.name),
  };
}

export interface EmbeddedVacuumOutcome {
  vacuumed: string[];
  analyzed: string[];
}

/** A job that does its work when it is due, and nothing otherwise (the leader's round runs every minute). */
export function createEmbeddedVacuum(everyMs = VACUUM_EVERY_MS, analyzeEveryMs = ANALYZE_EVERY_MS) {
  let lastVacuum = Number.NEGATIVE_INFINITY;
  let lastAnalyze = Number.NEGATIVE_INFINITY;
  return async (db: Queryable, now: number): Promise<EmbeddedVacuumOutcome> => {
    const outcome: EmbeddedVacuumOutcome = { vacuumed: [], analyzed: [] };
    const vacuumDue = now - lastVacuum >= everyMs;
    const analyzeDue = now - lastAnalyze >= analyzeEveryMs;
    if (!vacuumDue && !analyzeDue) return outcome;
    const { ordinary, hypertables } = await tablesOf(db);
    if (vacuumDue && ordinary.length > 0) {
      // NOTE: one statement for all of them; VACUUM cannot run inside a transaction, and the pool's query is not in one.
      await db.query(`vacuum (analyze) ${ordinary.map(quoteIdent).join(', ')}`);
      lastVacuum = now;
      outcome.vacuumed = ordinary;
    }
    if (analyzeDue && hypertables.length > 0) {
      await db.query(`analyze ${hypertables.map(quoteIdent).join(', ')}`);
      lastAnalyze = now;
      outcome.analyzed = hypertables;
    }
    return outcome;
  };
}
