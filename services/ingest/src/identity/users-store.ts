/**
 * Users in the store (migration 11). Every change that could leave the service without an active admin runs
 * under one transaction lock (USERS_LOCK) and is refused with 409 when it would: two admins demoting each
 * other at the same moment still leave one.
 */
import { randomUUID } from 'node:crypto';
import {
  departmentProblem,
  MAX_DISPLAY_NAME_CHARS,
  passwordProblem,
  type Role,
  shownNameProblem,
  type UserView,
  usernameProblem,
} from '@twin/domain';
import type pg from 'pg';
import { existingDepartments } from '../db/departments.js';
import { LOCK_NAMESPACE, USERS_LOCK } from '../db/lock-keys.js';
import { type Queryable, withTransaction } from '../db/pool.js';
import { AccountConflictError, AccountInputError, AccountNotFoundError } from './errors.js';
import { hashPassword } from './passwords.js';
import { secretHash } from './secrets.js';

export interface NewUser {
  username: string;
  displayName?: string;
  role: Role;
  department?: string | null;
  password: string;
}

export interface UserChange {
  displayName?: string;
  role?: Role;
  department?: string | null;
  password?: string;
  disabled?: boolean;
}

/** A user with what sign-in needs; never leaves the server. */
export interface StoredUser extends UserView {
  passwordHash: string;
}

const COLUMNS = `id, username, display_name, role, department, disabled, password_hash,
  (extract(epoch from created_at) * 1000)::float8 as created_at,
  (extract(epoch from last_sign_in_at) * 1000)::float8 as last_sign_in_at`;

interface Row {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  department: string | null;
  disabled: boolean;
  password_hash: string;
  created_at: number;
  last_sign_in_at: number | null;
}

function stored(row: Row): StoredUser {
  return { ...view(row), passwordHash: row.password_hash };
}

export function view(row: Row): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    department: row.department,
    disabled: row.disabled,
    createdAt: Math.round(row.created_at),
    lastSignInAt: row.last_sign_in_at === null ? null : Math.round(row.last_sign_in_at),
  };
}

function refuse(problem: string | null): void {
  if (problem !== null) throw new AccountInputError(problem);
}

async function checkDepartment(db: Queryable, role: Role, department: string | null): Promise<void> {
  refuse(departmentProblem(role, department));
  if (department === null) return;
  const known = await existingDepartments(db, [department]);
  if (!known.has(department))
    throw new AccountInputError(
      `department: "${department}" is not a registered department (see GET /api/v1/departments)`,
    );
}

const lockUsers = (client: Queryable) =>
  client.query('select pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, USERS_LOCK]);

/** Active admins other than `exceptId`. */
async function otherActiveAdmins(client: Queryable, exceptId: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from users where role = 'admin' and not disabled and id <> $1`,
    [exceptId],
  );
  return rows[0]!.n;
}

export class UsersStore {
  constructor(private readonly pool: pg.Pool) {}

  async list(): Promise<UserView[]> {
    const { rows } = await this.pool.query<Row>(`select ${COLUMNS} from users order by lower(username)`);
    return rows.map(view);
  }

  async get(id: string): Promise<UserView | null> {
    const { rows } = await this.pool.query<Row>(`select ${COLUMNS} from users where id = $1`, [id]);
    return rows[0] ? view(rows[0]) : null;
  }

  /** For sign-in only: the user with its password hash, by name in any case. */
  async findForSignIn(username: string): Promise<StoredUser | null> {
    const { rows } = await this.pool.query<Row>(
      `select ${COLUMNS} from users where lower(username) = lower($1)`,
      [username],
    );
    return rows[0] ? stored(rows[0]) : null;
  }

  async recordSignIn(id: string): Promise<void> {
    await this.pool.query('update users set last_sign_in_at = now() where id = $1', [id]);
  }

  /** The password hash of an enabled user, to check a password they type while signed in; null otherwise. */
  async passwordHashOf(id: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ password_hash: string }>(
      'select password_hash from users where id = $1 and not disabled',
      [id],
    );
    return rows[0]?.password_hash ?? null;
  }

  /**
   * A user's own new password (the caller has verified the current one, whose hash is `verifiedHash`). Every
   * other session of the user ends; the one with `keepSessionSecret` stays. Refused (409) when the password
   * changed between the check and now (an admin's reset, a change in another tab): the check no longer holds.
   * Returns how many sessions ended.
   */
  async changeOwnPassword(
    id: string,
    verifiedHash: string,
    newPassword: string,
    keepSessionSecret: string,
  ): Promise<number> {
    const passwordHash = await hashPassword(newPassword);
    return withTransaction(this.pool, async (client) => {
      const changed = await client.query(
        'update users set password_hash = $3 where id = $1 and password_hash = $2 and not disabled',
        [id, verifiedHash, passwordHash],
      );
      if (!changed.rowCount)
        throw new AccountConflictError(
          'your password was changed meanwhile (elsewhere, or by an admin): sign in again and retry',
        );
      const ended = await client.query(
        `update sessions set revoked_at = now()
         where user_id = $1 and id <> $2 and revoked_at is null`,
        [id, secretHash(keepSessionSecret)],
      );
      return ended.rowCount ?? 0;
    });
  }

  async create(input: NewUser, db: Queryable = this.pool): Promise<UserView> {
    const displayName = input.displayName ?? input.username;
    const department = input.department ?? null;
    refuse(usernameProblem(input.username));
    refuse(shownNameProblem('displayName', displayName, MAX_DISPLAY_NAME_CHARS));
    refuse(passwordProblem(input.password));
    await checkDepartment(db, input.role, department);
    const passwordHash = await hashPassword(input.password);
    const { rows } = await db.query<Row>(
      `insert into users (id, username, display_name, role, department, password_hash)
       values ($1, $2, $3, $4, $5, $6)
       on conflict ((lower(username))) do nothing
       returning ${COLUMNS}`,
      [randomUUID(), input.username, displayName, input.role, department, passwordHash],
    );
    if (!rows[0]) throw new AccountConflictError(`username: "${input.username}" is taken`);
    return view(rows[0]);
  }

  /**
   * Applies a change; a new password or disabling revokes every session of the user. API tokens are not
   * revoked by a new password (they are machines' credentials, revoked one by one); a disabled user's tokens
   * stop working while the account is disabled (credentials-store.ts resolveToken).
   */
  async update(id: string, change: UserChange): Promise<UserView> {
    if (change.displayName !== undefined)
      refuse(shownNameProblem('displayName', change.displayName, MAX_DISPLAY_NAME_CHARS));
    if (change.password !== undefined) refuse(passwordProblem(change.password));
    const passwordHash = change.password === undefined ? null : await hashPassword(change.password);
    return withTransaction(this.pool, async (client) => {
      await lockUsers(client);
      const { rows } = await client.query<Row>(`select ${COLUMNS} from users where id = $1 for update`, [id]);
      const current = rows[0];
      if (!current) throw new AccountNotFoundError(`user ${id} not found`);
      const role = change.role ?? current.role;
      // A change of role away from lead drops the department unless one is given; to lead needs one.
      const department =
        change.department !== undefined ? change.department : role === 'lead' ? current.department : null;
      await checkDepartment(client, role, department);
      const disabled = change.disabled ?? current.disabled;
      const staysActiveAdmin = role === 'admin' && !disabled;
      if (current.role === 'admin' && !current.disabled && !staysActiveAdmin) {
        if ((await otherActiveAdmins(client, id)) === 0)
          throw new AccountConflictError(
            `"${current.username}" is the last active admin: make another user admin first`,
          );
      }
      const updated = await client.query<Row>(
        `update users set display_name = $2, role = $3, department = $4, disabled = $5,
           password_hash = coalesce($6, password_hash)
         where id = $1 returning ${COLUMNS}`,
        [id, change.displayName ?? current.display_name, role, department, disabled, passwordHash],
      );
      if (passwordHash !== null || (disabled && !current.disabled))
        await client.query(
          'update sessions set revoked_at = now() where user_id = $1 and revoked_at is null',
          [id],
        );
      return view(updated.rows[0]!);
    });
  }

  async delete(id: string): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await lockUsers(client);
      const { rows } = await client.query<Row>(`select ${COLUMNS} from users where id = $1 for update`, [id]);
      const current = rows[0];
      if (!current) throw new AccountNotFoundError(`user ${id} not found`);
      if (current.role === 'admin' && !current.disabled && (await otherActiveAdmins(client, id)) === 0)
        throw new AccountConflictError(
          `"${current.username}" is the last active admin: make another user admin first`,
        );
      // Sessions and API tokens go with the user (on delete cascade); the events keep the username as text.
      await client.query('delete from users where id = $1', [id]);
    });
  }

  /**
   * The first start's admin: created only when there is no user at all, under USERS_LOCK so instances
   * starting together create one. Returns null when users existed.
   */
  async createFirstAdmin(username: string, password: string): Promise<UserView | null> {
    return withTransaction(this.pool, async (client) => {
      await lockUsers(client);
      const { rows } = await client.query('select 1 from users limit 1');
      if (rows.length > 0) return null;
      return this.create({ username, displayName: 'Administrator', role: 'admin', password }, client);
    });
  }
}
