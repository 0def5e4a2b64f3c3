/**
 * MQTT credentials of the embedded broker, in the table mqtt_credentials (migration 3). Only scrypt hashes
 * are stored; a password is returned once, when it is created or rotated, and never logged.
 *
 * Every query is one short statement (the embedded database serves one connection at a time): no client is
 * held across other work.
 */
import { createHash } from 'node:crypto';
import { CREDENTIAL_USERNAME_REGEX, DEPARTMENT_ID_REGEX, ID_REGEX } from '@twin/domain';
import type { Queryable } from '../db/pool.js';
import type { Identity } from './acl.js';
import { generateSecret, hashSecret, verifySecret } from './secrets.js';

export const CREDENTIAL_KINDS = ['sensor', 'gateway', 'department', 'integration'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

const MAX_DESCRIPTION = 500;
/** Longer passwords are refused without hashing them (ours are 43 characters). */
const MAX_PASSWORD_BYTES = 1024;

export interface CredentialRecord {
  username: string;
  kind: CredentialKind;
  /** Sensor id, gateway id or department id; null for integrations. */
  scope: string | null;
  description: string;
  /** Epoch ms. */
  createdAt: number;
  revokedAt: number | null;
}

/** What create/rotate/ensureIntegration return: the only time the password is seen. */
export interface IssuedCredential {
  username: string;
  password: string;
  kind: CredentialKind;
  scope: string | null;
}

export interface NewCredential {
  kind: CredentialKind;
  scope?: string | null;
  /** Default: `sensor:<id>`, `gateway:<id>`, `department:<id>`; integrations must give one. */
  username?: string;
  description?: string;
}

/** Bad input (HTTP 400). */
export class CredentialInputError extends Error {}
/** The username is taken by a credential that is not revoked (HTTP 409). */
export class CredentialConflictError extends Error {}
/** No such (active) credential (HTTP 404). */
export class CredentialNotFoundError extends Error {}

interface Row {
  username: string;
  kind: string;
  scope: string | null;
  description: string;
  created_at: Date;
  revoked_at: Date | null;
}

function isKind(value: unknown): value is CredentialKind {
  return typeof value === 'string' && (CREDENTIAL_KINDS as readonly string[]).includes(value);
}

/** The broker identity a credential row stands for; null for a row that makes no sense. */
export function identityFor(username: string, kind: string, scope: string | null): Identity | null {
  if (kind === 'integration') return { kind: 'integration', username };
  if (scope === null) return null;
  if (kind === 'sensor') return { kind: 'sensor', username, sensorId: scope };
  if (kind === 'gateway') return { kind: 'gateway', username, gatewayId: scope };
  if (kind === 'department') return { kind: 'department', username, department: scope };
  return null;
}

function checkUsername(username: string): void {
  if (!CREDENTIAL_USERNAME_REGEX.test(username))
    throw new CredentialInputError(
      `username must be 1–128 characters of letters, digits and . _ : @ - (starting with a letter or digit), got ${JSON.stringify(username.slice(0, 200))}`,
    );
}

/** Validates a new credential and fills in the default username. */
export function normalizeCredential(input: NewCredential): {
  username: string;
  kind: CredentialKind;
  scope: string | null;
  description: string;
} {
  if (!isKind(input.kind))
    throw new CredentialInputError(`kind must be one of ${CREDENTIAL_KINDS.join(', ')}`);
  const kind = input.kind;
  const scope = input.scope ?? null;
  if (kind === 'integration') {
    if (scope !== null) throw new CredentialInputError('an integration credential has no scope');
    if (input.username === undefined)
      throw new CredentialInputError('an integration credential needs a username');
  } else {
    if (scope === null) throw new CredentialInputError(`a ${kind} credential needs a scope (the ${kind} id)`);
    // Sensor and gateway ids are ids of wire contract topics; departments are department ids.
    const pattern = kind === 'department' ? DEPARTMENT_ID_REGEX : ID_REGEX;
    if (!pattern.test(scope))
      throw new CredentialInputError(
        kind === 'department'
          ? 'a department id is lower-case letters, digits and dashes, starting with a letter (at most 40)'
          : `a ${kind} id is 1–128 letters, digits and . _ : - (starting with a letter or digit)`,
      );
  }
  const username = input.username ?? `${kind}:${scope}`;
  checkUsername(username);
  const description = input.description ?? '';
  if (description.length > MAX_DESCRIPTION)
    throw new CredentialInputError(`description is longer than ${MAX_DESCRIPTION} characters`);
  return { username, kind, scope, description };
}

export interface CredentialStoreOptions {
  /** Successful verifications kept in memory (oldest dropped first). Default 100,000. */
  maxCachedVerifications?: number;
}

export class CredentialStore {
  private readonly db: Queryable;
  private readonly maxCached: number;
  /**
   * `username \0 sha256(password)` → the password_hash that password was verified against. A hit still
   * requires the row to be active and to carry that very hash, so a revocation or rotation made anywhere
   * (another process, psql) takes effect at the next connect; entries for a username are also dropped when
   * this process revokes or rotates it.
   */
  private readonly verified = new Map<string, string>();
  /** Verifications under way, so that a thousand concurrent connects with one credential hash once. */
  private readonly pending = new Map<string, Promise<boolean>>();

  constructor(db: Queryable, options: CredentialStoreOptions = {}) {
    this.db = db;
    this.maxCached = options.maxCachedVerifications ?? 100_000;
  }

  /** Creates a credential with a new random password. A revoked credential of the same name is replaced. */
  async create(input: NewCredential): Promise<IssuedCredential> {
    const c = normalizeCredential(input);
    const password = generateSecret();
    const hash = await hashSecret(password);
    const { rows } = await this.db.query(
      `insert into mqtt_credentials (username, kind, scope, password_hash, description)
       values ($1, $2, $3, $4, $5)
       on conflict (username) do update
         set kind = excluded.kind, scope = excluded.scope, password_hash = excluded.password_hash,
             description = excluded.description, created_at = now(), revoked_at = null
         where mqtt_credentials.revoked_at is not null
       returning username`,
      [c.username, c.kind, c.scope, hash, c.description],
    );
    if (rows.length === 0) throw new CredentialConflictError(`MQTT username "${c.username}" already exists`);
    this.forget(c.username);
    return { username: c.username, password, kind: c.kind, scope: c.scope };
  }

  /** Every credential, revoked ones included (with revokedAt); never the hashes. */
  async list(): Promise<CredentialRecord[]> {
    const { rows } = await this.db.query<Row>(
      `select username, kind, scope, description, created_at, revoked_at
       from mqtt_credentials order by username`,
    );
    return rows.map((r) => ({
      username: r.username,
      kind: r.kind as CredentialKind,
      scope: r.scope,
      description: r.description,
      createdAt: r.created_at.getTime(),
      revokedAt: r.revoked_at ? r.revoked_at.getTime() : null,
    }));
  }

  /** Revokes a credential (idempotent). False when the username is unknown. */
  async revoke(username: string): Promise<boolean> {
    if (!CREDENTIAL_USERNAME_REGEX.test(username)) return false;
    const { rows } = await this.db.query(
      `update mqtt_credentials set revoked_at = coalesce(revoked_at, now()) where username = $1
       returning username`,
      [username],
    );
    this.forget(username);
    return rows.length > 0;
  }

  /** Gives an active credential a new random password; the old one stops working at once. */
  async rotate(username: string): Promise<IssuedCredential> {
    checkUsername(username);
    const password = generateSecret();
    const hash = await hashSecret(password);
    const { rows } = await this.db.query<{ kind: CredentialKind; scope: string | null }>(
      `update mqtt_credentials set password_hash = $2 where username = $1 and revoked_at is null
       returning kind, scope`,
      [username, hash],
    );
    this.forget(username);
    const row = rows[0];
    if (!row) throw new CredentialNotFoundError(`no active MQTT credential "${username}"`);
    return { username, password, kind: row.kind, scope: row.scope };
  }

  /**
   * Upserts an integration credential with a NEW random password (un-revoking it if needed) and returns it.
   * The runtime calls this at every start for the in-process demo feed, so that secret lives only in memory.
   * Refuses to turn a sensor/gateway/department credential of the same name into an integration.
   */
  async ensureIntegration(username: string, description = ''): Promise<IssuedCredential> {
    const c = normalizeCredential({ kind: 'integration', username, description });
    const password = generateSecret();
    const hash = await hashSecret(password);
    const { rows } = await this.db.query(
      `insert into mqtt_credentials (username, kind, scope, password_hash, description)
       values ($1, 'integration', null, $2, $3)
       on conflict (username) do update
         set password_hash = excluded.password_hash, description = excluded.description, revoked_at = null
         where mqtt_credentials.kind = 'integration'
       returning username`,
      [c.username, hash, c.description],
    );
    if (rows.length === 0)
      throw new CredentialConflictError(
        `MQTT username "${c.username}" belongs to a credential that is not an integration`,
      );
    this.forget(c.username);
    return { username: c.username, password, kind: 'integration', scope: null };
  }

  /**
   * The identity of an active credential whose password matches, else null (unknown, revoked, wrong
   * password). Database errors are thrown (the broker answers "server unavailable", not "bad password").
   */
  async verify(username: string, password: string | Uint8Array): Promise<Identity | null> {
    if (!CREDENTIAL_USERNAME_REGEX.test(username)) return null;
    const secret = typeof password === 'string' ? Buffer.from(password, 'utf8') : Buffer.from(password);
    if (secret.length === 0 || secret.length > MAX_PASSWORD_BYTES) return null;
    const { rows } = await this.db.query<{ kind: string; scope: string | null; password_hash: string }>(
      'select kind, scope, password_hash from mqtt_credentials where username = $1 and revoked_at is null',
      [username],
    );
    const row = rows[0];
    if (!row) return null;
    const key = `${username}\u0000${createHash('sha256').update(secret).digest('hex')}`;
    if (this.verified.get(key) !== row.password_hash) {
      const attempt = `${key}\u0000${row.password_hash}`;
      let check = this.pending.get(attempt);
      if (!check) {
        check = verifySecret(secret, row.password_hash).finally(() => this.pending.delete(attempt));
        this.pending.set(attempt, check);
      }
      if (!(await check)) return null;
      this.remember(key, row.password_hash);
    }
    return identityFor(username, row.kind, row.scope);
  }

  private remember(key: string, hash: string): void {
    this.verified.delete(key);
    this.verified.set(key, hash);
    while (this.verified.size > this.maxCached) {
      const oldest = this.verified.keys().next().value;
      if (oldest === undefined) break;
      this.verified.delete(oldest);
    }
  }

  private forget(username: string): void {
    const prefix = `${username}\u0000`;
    for (const key of this.verified.keys()) if (key.startsWith(prefix)) this.verified.delete(key);
  }
}
