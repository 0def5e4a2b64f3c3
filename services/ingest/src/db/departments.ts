/**
 * The department registry in the store (migration 7): the city pack's departments, listed, in pack order,
 * and every other department that published, unlisted. Every instance reads it from here, never from its own
 * memory, so all agree on what /api/v1/departments answers and on who may act.
 */
import type { CityPackManifest } from '@twin/city';
import {
  type Department,
  hexColor,
  parseHexColor,
  UNLISTED_ICON,
  unlistedDepartmentColor,
} from '@twin/domain';
import type pg from 'pg';
import { type Queryable, withTransaction } from './pool.js';

type PackDepartment = CityPackManifest['departments'][number];

/**
 * Upserts the pack's departments as listed, in pack order; every other department becomes unlisted (never
 * deleted: its events and sensors refer to it) and takes the unlisted colour of its id. Run at every start;
 * idempotent, and safe when several instances start at once (one order of row locks: the pack's).
 */
export async function syncPackDepartments(pool: pg.Pool, pack: readonly PackDepartment[]): Promise<void> {
  const colors = pack.map((d) => {
    const rgb = parseHexColor(d.color);
    if (!rgb) throw new Error(`city pack department "${d.id}": color must be "#rrggbb", got "${d.color}"`);
    return hexColor(rgb);
  });
  await withTransaction(pool, async (client) => {
    await client.query(
      `insert into departments (id, name, short_name, color, icon, listed, position)
       select id, name, short_name, color, icon, true, position::int
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) with ordinality
            as p(id, name, short_name, color, icon, position)
       order by id
       on conflict (id) do update set name = excluded.name, short_name = excluded.short_name,
         color = excluded.color, icon = excluded.icon, listed = true, position = excluded.position`,
      [
        pack.map((d) => d.id),
        pack.map((d) => d.name),
        pack.map((d) => d.shortName),
        colors,
        pack.map((d) => d.icon),
      ],
    );
    const { rows } = await client.query<{ id: string }>(
      `select id from departments where not (id = any($1::text[])) and (listed or color = '') order by id`,
      [pack.map((d) => d.id)],
    );
    if (rows.length === 0) return;
    // NOTE: a department the pack dropped keeps its name and icon (better than its bare id) but leaves the
    // pack's colour family: on the wall, only the city's own departments wear vivid colours.
    await client.query(
      `update departments d set listed = false, position = null, color = u.color
       from unnest($1::text[], $2::text[]) as u(id, color) where d.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => hexColor(unlistedDepartmentColor(r.id)))],
    );
  });
}

/**
 * Registers departments not seen before as unlisted, inside the writing transaction that stores their first
 * event or sensor (so the data and its department commit together). Sorted, so two transactions registering
 * the same ids take their row locks in one order. Returns nothing: a department another transaction
 * registered first is just as good.
 */
export async function registerUnlistedDepartments(client: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const sorted = [...ids].sort();
  await client.query(
    `insert into departments (id, name, short_name, color, icon, listed)
     select id, id, id, color, $3, false from unnest($1::text[], $2::text[]) as u(id, color)
     on conflict (id) do nothing`,
    [sorted, sorted.map((id) => hexColor(unlistedDepartmentColor(id))), UNLISTED_ICON],
  );
}

/** Every registered id: what a process starts its cache of known departments from. */
export async function registeredDepartmentIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('select id from departments');
  return rows.map((r) => r.id);
}

/** The registered ones among `ids`. */
export async function existingDepartments(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>('select id from departments where id = any($1::text[])', [
    [...ids],
  ]);
  return new Set(rows.map((r) => r.id));
}

/** The city's departments: the pack's in pack order, then the unlisted ones by id. */
export async function listDepartments(db: Queryable): Promise<Department[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    short_name: string;
    color: string;
    icon: string;
    listed: boolean;
  }>(
    `select id, name, short_name, color, icon, listed from departments
     order by listed desc, position, id collate "C"`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    icon: r.icon,
    color: parseHexColor(r.color) ?? unlistedDepartmentColor(r.id),
    listed: r.listed,
  }));
}
