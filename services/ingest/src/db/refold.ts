/**
 * Rebuilds stored incident states from their events: after a change to the fold rules (FOLD_VERSION), or
 * on demand (`pnpm refold`). Page by page, each page in a transaction of its own under the same
 * per-incident locks as the writer, so it can run while the service ingests. A state that comes out
 * different is logged to the change log, so live clients see it.
 */
import type { Placer } from '@twin/city';
import { FOLD_VERSION, type IncidentView } from '@twin/domain';
import type pg from 'pg';
import { appendChanges, NO_TOTALS } from './change-log.js';
import { lockIncidents, refoldFromHistory, storeStates } from './incident-states.js';
import { withTransaction } from './pool.js';

export interface RefoldResult {
  incidents: number;
  /** States that came out different from what was stored. */
  changed: number;
}

export async function refoldIncidents(
  pool: pg.Pool,
  places: Placer,
  options: { onlyOutdated: boolean; pageSize?: number },
): Promise<RefoldResult> {
  const pageSize = options.pageSize ?? 500;
  let after = '';
  const result: RefoldResult = { incidents: 0, changed: 0 };
  for (;;) {
    const { rows } = await pool.query<{ incident_id: string }>(
      `select incident_id from incidents where incident_id > $1 ${options.onlyOutdated ? 'and fold_version <> $3' : ''}
       order by incident_id limit $2`,
      options.onlyOutdated ? [after, pageSize, FOLD_VERSION] : [after, pageSize],
    );
    if (rows.length === 0) return result;
    const ids = rows.map((r) => r.incident_id);
    after = ids[ids.length - 1]!;
    result.changed += await withTransaction(pool, async (client) => {
      await lockIncidents(client, ids);
      const before = await client.query<{ incident_id: string; state: IncidentView }>(
        'select incident_id, state from incidents where incident_id = any($1::text[])',
        [ids],
      );
      const old = new Map(before.rows.map((r) => [r.incident_id, JSON.stringify(r.state)]));
      const views = await storeStates(client, await refoldFromHistory(client, ids), places);
      const changed = views.filter((v) => old.get(v.incidentId) !== JSON.stringify(v));
      if (changed.length > 0)
        await appendChanges(
          client,
          { incidents: changed, sensorIds: [], readingSensorIds: null, deadLetters: [] },
          NO_TOTALS,
        );
      return changed.length;
    });
    result.incidents += ids.length;
  }
}
