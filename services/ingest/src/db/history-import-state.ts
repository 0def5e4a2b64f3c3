/** Whether the store already holds an incident (the history import's "got that far" check). */
import type { Queryable } from './pool.js';

export async function incidentExists(db: Queryable, incidentId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from incidents where incident_id = $1', [incidentId]);
  return rows.length > 0;
}
