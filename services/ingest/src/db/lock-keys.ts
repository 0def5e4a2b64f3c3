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
/**
 * Held by a writing transaction from its change-log append to its commit, so the log's `seq` order is commit
 * order (db/change-log.ts).
 */
export const CHANGE_LOG_APPEND_LOCK = 3;
/**
 * Transaction lock of changes to users that could leave no active admin, and of the first start's admin:
 * two instances starting at once create one admin, two admins demoting each other at once leave one.
 */
export const USERS_LOCK = 4;
/**
 * Transaction lock of the plain-PostgreSQL 1-minute rollup's steps (db/rollup.ts): one instance at a time
 * replaces aggregates, so a step computed from an older snapshot never overwrites a newer one.
 */
export const ROLLUP_LOCK = 5;
/**
 * Namespace of the per-incident transaction locks `(INCIDENT_LOCK_NAMESPACE, hashtext(incident_id))`, taken
 * before an incident's stored state is read and written (db/incident-states.ts). A namespace of its own: the
 * second key is a hash and could equal one of the keys above.
 */
export const INCIDENT_LOCK_NAMESPACE = 0x696e6369; // "inci"
