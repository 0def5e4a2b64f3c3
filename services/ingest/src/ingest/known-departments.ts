/**
 * This process's cache of the department ids it knows are in the registry (db/departments.ts), so the write
 * path registers a department only the first time it meets it: for every other message the check is a set
 * lookup, no statement. The cache only ever skips an insert that `on conflict do nothing` would have made
 * a no-op; what the API answers is always read from the store.
 */
import {
  departmentIdsOf,
  type IngestRecord,
  type UnlistedDepartmentsMode,
  unlistedDepartmentReason,
} from '@twin/domain';

export class KnownDepartments {
  private readonly listed: ReadonlySet<string>;
  private readonly known: Set<string>;

  /** `listed`: the ids the city pack lists; `registered`: every id in the registry at start. */
  constructor(listed: Iterable<string>, registered: Iterable<string>) {
    this.listed = new Set(listed);
    this.known = new Set([...this.listed, ...registered]);
  }

  isListed(id: string): boolean {
    return this.listed.has(id);
  }

  /** The ids not yet known to be registered, each once. */
  unseen(ids: Iterable<string>): string[] {
    const out = new Set<string>();
    for (const id of ids) if (!this.known.has(id)) out.add(id);
    return [...out];
  }

  /** Ids a committed transaction registered (or found registered). Only after the commit: a rollback forgets. */
  remember(ids: Iterable<string>): void {
    for (const id of ids) this.known.add(id);
  }
}

/**
 * UNLISTED_DEPARTMENTS=reject: the records that name a department the pack does not list are dropped, and
 * each such department becomes a reason of the message's dead letter. The message's other records are kept,
 * as for any partly bad message. With `accept` the records pass unchanged.
 */
export function applyUnlistedPolicy(
  mode: UnlistedDepartmentsMode,
  records: IngestRecord[],
  isListed: (id: string) => boolean,
): { records: IngestRecord[]; errors: string[] } {
  if (mode === 'accept') return { records, errors: [] };
  const errors = new Set<string>();
  const kept = records.filter((record) => {
    const unlisted = departmentIdsOf(record).filter((id) => !isListed(id));
    for (const id of unlisted) {
      const field =
        record.kind === 'incident-event' && record.event.department !== id ? 'toDepartment' : 'department';
      errors.add(unlistedDepartmentReason(field, id));
    }
    return unlisted.length === 0;
  });
  return { records: kept, errors: [...errors] };
}
