/**
 * Which database failures are about a record, and which are about the database.
 *
 * Only errors PostgreSQL raises because of the values it was given can be blamed on a record: SQLSTATE class
 * 22 (data exception: out of range, invalid byte sequence, …), 23 (integrity constraint violation) and 54
 * (program limit exceeded: an index row too large, a statement too big for one batch). Splitting the batch
 * isolates such a record, and only that record is dead-lettered.
 *
 * NOTE: everything else is an outage, whatever its code: a lost connection, a stopped server, a missing
 * function or permission, a feature the server refuses (the TimescaleDB licence), a full disk, a read-only
 * replica. Such a failure refuses every record alike, so the batch is retried as it is and nothing is
 * acknowledged or dead-lettered until it passes. An allow-list of "transient" codes got this backwards:
 * any failure it did not list dead-lettered good data.
 */
export type StorageErrorKind = 'data' | 'outage';

const DATA_CLASSES = new Set(['22', '23', '54']);

function sqlState(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

export function classifyStorageError(err: unknown): StorageErrorKind {
  const code = sqlState(err);
  return code !== null && DATA_CLASSES.has(code.slice(0, 2)) ? 'data' : 'outage';
}

/** One line for logs, /readyz and the wall: what failed, in words, with the server's code when it gave one. */
export function describeStorageError(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { message?: unknown; code?: unknown };
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(err);
  const code = typeof e.code === 'string' ? e.code : null;
  const sql = sqlState(err);
  const what =
    sql === null
      ? 'database unreachable'
      : sql.startsWith('08') || sql.startsWith('57')
        ? 'database connection lost'
        : 'database refuses writes';
  return `${what}: ${message.slice(0, 300)}${code ? ` (${code})` : ''}`;
}

/** Thrown to callers that must not wait for an outage to end (HTTP actions): answered with 503. */
export class StorageUnavailableError extends Error {
  readonly statusCode = 503;
  constructor(reason: string) {
    super(`storage unavailable: ${reason}`);
    this.name = 'StorageUnavailableError';
  }
}
