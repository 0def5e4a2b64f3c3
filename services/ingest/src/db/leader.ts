/**
 * One maintenance leader among the instances sharing a database: whoever holds a session advisory lock on a
 * dedicated connection. The others try again every retry interval; when the leader's connection goes (its
 * process died, the connection was terminated, the network broke), the server releases the lock with the
 * session and the next try of another instance takes it.
 */
import pg from 'pg';
import { LOCK_NAMESPACE, MAINTENANCE_LEADER_LOCK } from './lock-keys.js';

/** A check of the lock that takes longer than this counts as a lost connection. */
const PING_TIMEOUT_MS = 10_000;

/**
 * A query with a client-side timeout. node-postgres 8 honours `query_timeout` per query; its type
 * definitions only list it per client (where it would also cut the leader's long jobs).
 */
function timed(text: string, values: unknown[] = []): pg.QueryConfig {
  const config: pg.QueryConfig & { query_timeout: number } = { text, values, query_timeout: PING_TIMEOUT_MS };
  return config;
}

export interface Leadership {
  readonly isLeader: boolean;
  /**
   * The connection holding the lock while this instance leads. Jobs run on it: if the session is gone, so
   * is the lock, and the job fails instead of running beside a new leader.
   */
  readonly client: pg.Client | null;
  /**
   * Checks the lock is still held, or tries to take it. Never throws. Not while a job runs on the
   * connection: the check would wait behind it and time out.
   */
  tryLead(): Promise<boolean>;
  /** Gives the lock back (another instance takes over at its next try) and closes the connection. */
  stop(): Promise<void>;
}

export interface LeaderOptions {
  /** Opens the dedicated connection. Never a pooled one: a session lock must not go back into a pool. */
  connect(): Promise<pg.Client>;
  onChange?(leader: boolean): void;
  /**
   * After losing the lead, wait this long before trying again (about two retry intervals), so a healthy
   * instance takes over rather than the one whose connection just broke.
   */
  holdOffMs?: number;
  log: { info(obj: unknown, msg: string): void; warn(obj: unknown, msg: string): void };
}

export function createLeadership(options: LeaderOptions): Leadership {
  let client: pg.Client | null = null;
  let leader = false;
  let stopped = false;
  let pending: Promise<boolean> | null = null;
  let lostAt = 0;

  const setLeader = (value: boolean) => {
    if (value === leader) return;
    leader = value;
    options.onChange?.(value);
  };
  const drop = (c: pg.Client, reason: unknown) => {
    if (client !== c) return;
    client = null;
    if (leader) {
      options.log.warn({ err: reason }, 'lost the maintenance lead: its database connection went');
      lostAt = Date.now();
    }
    setLeader(false);
    c.end().catch(() => {});
  };

  const attempt = async (): Promise<boolean> => {
    if (stopped) return false;
    if (!leader && Date.now() - lostAt < (options.holdOffMs ?? 0)) return false;
    try {
      if (!client) {
        const c = await options.connect();
        // NOTE: node-postgres emits 'error' on a client whose connection drops; unhandled, it kills the
        // process. Here it only means: no longer the leader, reconnect at the next try.
        c.on('error', (err) => drop(c, err));
        c.on('end', () => drop(c, new Error('connection ended')));
        if (stopped) {
          await c.end().catch(() => {});
          return false;
        }
        client = c;
      }
      const c = client;
      if (leader) {
        // Still ours as long as the session lives; a round trip proves that it does. NOTE: the timeout: on a
        // silently broken network the query would hang, this instance would believe it leads while the
        // server, once it notices, hands the lock to another.
        await c.query(timed('select 1'));
        return true;
      }
      const { rows } = await c.query<{ ok: boolean }>(
        timed('select pg_try_advisory_lock($1, $2) as ok', [LOCK_NAMESPACE, MAINTENANCE_LEADER_LOCK]),
      );
      if (rows[0]?.ok && client === c) {
        setLeader(true);
        options.log.info({}, 'this instance now runs the maintenance jobs (leader)');
      }
      return leader;
    } catch (err) {
      if (client) drop(client, err);
      return false;
    }
  };

  return {
    get isLeader() {
      return leader;
    },
    get client() {
      return leader ? client : null;
    },
    tryLead() {
      // One attempt at a time: the retry timer and a caller may ask together.
      pending ??= attempt().finally(() => {
        pending = null;
      });
      return pending;
    },
    async stop() {
      stopped = true;
      await pending?.catch(() => {});
      const c = client;
      client = null;
      setLeader(false);
      if (!c) return;
      await c.query('select pg_advisory_unlock_all()').catch(() => {});
      await c.end().catch(() => {});
    },
  };
}

/** The embedded engine: one instance, one connection. It leads without a lock (and without a connection). */
export function soleLeadership(): Leadership {
  return {
    isLeader: true,
    client: null,
    tryLead: async () => true,
    stop: async () => {},
  };
}

/** A dedicated connection like the pool's, named so `pg_stat_activity` shows which instance leads. */
export function dedicatedConnection(pool: pg.Pool, applicationName: string): () => Promise<pg.Client> {
  return async () => {
    // keepAlive: a leader whose peer vanished (network cut) finds out, and its session ends server-side.
    const client = new pg.Client({ ...pool.options, application_name: applicationName, keepAlive: true });
    try {
      await client.connect();
    } catch (err) {
      // A client that failed to connect may still emit 'error' later; it is thrown away.
      client.on('error', () => {});
      throw err;
    }
    return client;
  };
}
