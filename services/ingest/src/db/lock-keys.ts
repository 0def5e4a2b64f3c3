/**
 * PostgreSQL advisory-lock keys of this service, in the two-integer form `pg_advisory_lock(namespace, key)`,
 * so they show in `pg_locks` as classid = LOCK_NAMESPACE, objid = key, objsubid = 2 (docs/operations.md
 * has the query that shows who leads). One namespace keeps them clear of other applications' locks on the
 * same database.
 */
export const LOCK_NAMESPACE = 0x7477696e; // "twin"
/** Held for the whole migration run: two instances starting at once never apply a migration twice. */
export const MIGRATION_LOCK = 1;
/** Held by the maintenance leader's dedicated connection for as long as it leads. */
export const MAINTENANCE_LEADER_LOCK = 2;
