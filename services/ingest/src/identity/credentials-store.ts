/**
 * Sessions (browser sign-ins and kiosk walls), API tokens and kiosk links in the store (migration 11), and
 * the principal each of them stands for. Every check reads the database, never an instance's memory: a
 * sign-out, a revoked token or link and a disabled user take effect on every instance at the next request.
 */
import { randomUUID } from 'node:crypto';
import {
  type ApiTokenView,
  type KioskLinkView,
  MAX_LABEL_CHARS,
  type Principal,
  type Role,
  shownNameProblem,
} from '@twin/domain';
import type pg from 'pg';
import { AccountInputError, AccountNotFoundError } from './errors.js';
import { newSecret, secretHash } from './secrets.js';

/** last_seen_at / last_used_at are written at most this often per session or token (not on every request). */
const TOUCH_EVERY_MS = 60_000;

const ms = (column: string, as = column) => `(extract(epoch from ${column}) * 1000)::float8 as ${as}`;
const epoch = (v: number | null) => (v === null ? null : Math.round(v));

interface UserColumns {
  user_id: string;
  username: string;
  display_name: string;
  role: Role;
  department: string | null;
}

function userPrincipal(row: UserColumns, kind: Principal['kind']): Principal {
  return {
    id: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    // NOTE: the schema keeps a department for leads only; this keeps the principal's promise either way.
    department: row.role === 'lead' ? row.department : null,
    kind,
  };
}

export function kioskPrincipal(link: { id: string; label: string }): Principal {
  return {
    id: link.id,
    username: `kiosk:${link.label}`,
    displayName: link.label,
    role: 'kiosk',
    department: null,
    kind: 'kiosk',
  };
}

function checkLabel(label: string): void {
  const problem = shownNameProblem('label', label, MAX_LABEL_CHARS);
  if (problem !== null) throw new AccountInputError(problem);
}

export interface ResolvedSession {
  principal: Principal;
  /** The session was extended by this request: the cookie's expiry should be renewed too. */
  extended: boolean;
}

export class CredentialsStore {
  /** @param sessionTtlMs idle time after which a session ends (each use extends it). */
  constructor(
    private readonly pool: pg.Pool,
    private readonly sessionTtlMs: number,
  ) {}

  // ---- sessions -------------------------------------------------------------------------------------

  /** A new session for a user or a kiosk link; returns the cookie's secret (only its hash is stored). */
  async openSession(owner: { userId: string } | { kioskLinkId: string }): Promise<string> {
    const secret = newSecret('session');
    const isUser = 'userId' in owner;
    await this.pool.query(
      `insert into sessions (id, kind, user_id, kiosk_link_id, expires_at)
       values ($1, $2, $3, $4, now() + $5 * interval '1 millisecond')`,
      [
        secretHash(secret),
        isUser ? 'session' : 'kiosk',
        isUser ? owner.userId : null,
        isUser ? null : owner.kioskLinkId,
        this.sessionTtlMs,
      ],
    );
    return secret;
  }

  /** The principal of a live session: not revoked, not expired, its user enabled or its kiosk link unrevoked. */
  async resolveSession(secret: string): Promise<ResolvedSession | null> {
    const id = secretHash(secret);
    const { rows } = await this.pool.query<
      UserColumns & {
        kind: 'session' | 'kiosk';
        link_id: string | null;
        label: string | null;
        idle_ms: number;
      }
    >(
      `select s.kind, u.id as user_id, u.username, u.display_name, u.role, u.department,
              k.id as link_id, k.label,
              (extract(epoch from now() - s.last_seen_at) * 1000)::float8 as idle_ms
       from sessions s
       left join users u on u.id = s.user_id and not u.disabled
       left join kiosk_links k on k.id = s.kiosk_link_id and k.revoked_at is null
       where s.id = $1 and s.revoked_at is null and s.expires_at > now()
         and (u.id is not null or k.id is not null)`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const extended = row.idle_ms >= TOUCH_EVERY_MS;
    if (extended) {
      await this.pool.query(
        `update sessions set last_seen_at = now(), expires_at = now() + $2 * interval '1 millisecond'
         where id = $1`,
        [id, this.sessionTtlMs],
      );
      if (row.link_id !== null)
        await this.pool.query('update kiosk_links set last_used_at = now() where id = $1', [row.link_id]);
    }
    const principal =
      row.kind === 'kiosk'
        ? kioskPrincipal({ id: row.link_id!, label: row.label! })
        : userPrincipal(row, 'session');
    return { principal, extended };
  }

  /** Sign-out: the session is refused from now on, on every instance. */
  async revokeSession(secret: string): Promise<void> {
    await this.pool.query('update sessions set revoked_at = now() where id = $1 and revoked_at is null', [
      secretHash(secret),
    ]);
  }

  /** Deletes sessions that ended more than a day ago (expired or revoked); returns how many. */
  async pruneSessions(): Promise<number> {
    const { rowCount } = await this.pool.query(
      `delete from sessions where expires_at < now() - interval '1 day' or revoked_at < now() - interval '1 day'`,
    );
    return rowCount ?? 0;
  }

  // ---- API tokens -----------------------------------------------------------------------------------

  async resolveToken(secret: string): Promise<Principal | null> {
    const { rows } = await this.pool.query<UserColumns & { token_id: string; idle_ms: number | null }>(
      `select t.id as token_id, u.id as user_id, u.username, u.display_name, u.role, u.department,
              (extract(epoch from now() - t.last_used_at) * 1000)::float8 as idle_ms
       from api_tokens t join users u on u.id = t.user_id
       where t.token_hash = $1 and t.revoked_at is null and not u.disabled`,
      [secretHash(secret)],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.idle_ms === null || row.idle_ms >= TOUCH_EVERY_MS)
      await this.pool.query('update api_tokens set last_used_at = now() where id = $1', [row.token_id]);
    return userPrincipal(row, 'token');
  }

  async listTokens(): Promise<ApiTokenView[]> {
    const { rows } = await this.pool.query<{
      id: string;
      label: string;
      user_id: string;
      created_at: number;
      last_used_at: number | null;
    }>(
      `select id, label, user_id, ${ms('created_at')}, ${ms('last_used_at')}
       from api_tokens where revoked_at is null order by created_at, id`,
    );
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      userId: r.user_id,
      createdAt: epoch(r.created_at)!,
      lastUsedAt: epoch(r.last_used_at),
    }));
  }

  async createToken(input: { label: string; userId: string }): Promise<ApiTokenView & { token: string }> {
    checkLabel(input.label);
    const token = newSecret('token');
    const { rows } = await this.pool.query<{ id: string; created_at: number }>(
      `insert into api_tokens (id, token_hash, label, user_id)
       select $1, $2, $3, id from users where id = $4
       returning id, ${ms('created_at')}`,
      [randomUUID(), secretHash(token), input.label, input.userId],
    );
    if (!rows[0]) throw new AccountInputError(`userId: no user ${input.userId}`);
    return {
      id: rows[0].id,
      label: input.label,
      userId: input.userId,
      createdAt: epoch(rows[0].created_at)!,
      lastUsedAt: null,
      token,
    };
  }

  async revokeToken(id: string): Promise<void> {
    const { rowCount } = await this.pool.query(
      'update api_tokens set revoked_at = now() where id = $1 and revoked_at is null',
      [id],
    );
    if (!rowCount) throw new AccountNotFoundError(`API token ${id} not found`);
  }

  // ---- kiosk links ----------------------------------------------------------------------------------

  /** The unrevoked kiosk link of a token, or null. */
  async findKioskLink(secret: string): Promise<{ id: string; label: string } | null> {
    const { rows } = await this.pool.query<{ id: string; label: string }>(
      `update kiosk_links set last_used_at = now() where token_hash = $1 and revoked_at is null
       returning id, label`,
      [secretHash(secret)],
    );
    return rows[0] ?? null;
  }

  async listKioskLinks(): Promise<KioskLinkView[]> {
    const { rows } = await this.pool.query<{
      id: string;
      label: string;
      created_at: number;
      last_used_at: number | null;
    }>(
      `select id, label, ${ms('created_at')}, ${ms('last_used_at')}
       from kiosk_links where revoked_at is null order by created_at, id`,
    );
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      createdAt: epoch(r.created_at)!,
      lastUsedAt: epoch(r.last_used_at),
    }));
  }

  async createKioskLink(label: string): Promise<KioskLinkView & { token: string }> {
    checkLabel(label);
    const token = newSecret('kiosk');
    const { rows } = await this.pool.query<{ id: string; created_at: number }>(
      `insert into kiosk_links (id, token_hash, label) values ($1, $2, $3) returning id, ${ms('created_at')}`,
      [randomUUID(), secretHash(token), label],
    );
    return { id: rows[0]!.id, label, createdAt: epoch(rows[0]!.created_at)!, lastUsedAt: null, token };
  }

  /** Revokes the link; the walls signed in with it are refused from their next request on. */
  async revokeKioskLink(id: string): Promise<void> {
    const { rowCount } = await this.pool.query(
      'update kiosk_links set revoked_at = now() where id = $1 and revoked_at is null',
      [id],
    );
    if (!rowCount) throw new AccountNotFoundError(`kiosk link ${id} not found`);
    await this.pool.query(
      'update sessions set revoked_at = now() where kiosk_link_id = $1 and revoked_at is null',
      [id],
    );
  }
}
