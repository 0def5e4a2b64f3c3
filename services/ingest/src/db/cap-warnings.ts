/**
 * CAP warnings read from other agencies (migration 16's cap_warnings), one row per (source, sender,
 * identifier): reading the same alert again changes nothing. A Cancel marks the warnings it references as
 * cancelled. The map reads the ones in force.
 */
import type { CapCertainty, CapSeverity, CapUrgency, ParsedWarning } from '@twin/domain/cap';
import type { Queryable } from './pool.js';

/** Stores a warning; false when it was already stored (same source, sender and identifier). */
export async function storeWarning(db: Queryable, source: string, w: ParsedWarning): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into cap_warnings (source, identifier, sender, sent, expires, status, msg_type, severity, urgency,
       certainty, event, headline, area_desc, areas, raw_xml)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     on conflict (source, sender, identifier) do nothing`,
    [
      source,
      w.identifier,
      w.sender,
      new Date(w.sent),
      w.expires === null ? null : new Date(w.expires),
      w.status,
      w.msgType,
      w.severity,
      w.urgency,
      w.certainty,
      w.event,
      w.headline,
      w.areaDesc,
      JSON.stringify(w.areas),
      w.xml,
    ],
  );
  if (rowCount === 0) return false;
  // NOTE: an Update or a Cancel replaces what it references ("sender,identifier,sent"); the Update is drawn
  // in its place, a Cancel draws nothing.
  for (const ref of w.references) {
    const [sender, identifier] = ref.split(',');
    if (!sender || !identifier) continue;
    await db.query(
      `update cap_warnings set cancelled_at = $4
       where source = $1 and sender = $2 and identifier = $3 and cancelled_at is null`,
      [source, sender, identifier, new Date(w.sent)],
    );
  }
  return true;
}

export interface WarningRow {
  id: number;
  source: string;
  identifier: string;
  sender: string;
  sent: number;
  expires: number | null;
  severity: CapSeverity;
  urgency: CapUrgency;
  certainty: CapCertainty;
  event: string;
  headline: string | null;
  areaDesc: string;
  areas: { type: 'MultiPolygon'; coordinates: number[][][][] };
}

/** Warnings to draw: Actual alerts and updates, not cancelled, and (when `activeAt` is given) not expired. */
export async function listWarnings(db: Queryable, activeAt: number | null): Promise<WarningRow[]> {
  const { rows } = await db.query<{
    id: string;
    source: string;
    identifier: string;
    sender: string;
    sent: Date;
    expires: Date | null;
    severity: CapSeverity;
    urgency: CapUrgency;
    certainty: CapCertainty;
    event: string;
    headline: string | null;
    area_desc: string;
    areas: WarningRow['areas'] | string;
  }>(
    `select id, source, identifier, sender, sent, expires, severity, urgency, certainty, event, headline, area_desc,
       areas
     from cap_warnings
     where status = 'Actual' and msg_type <> 'Cancel' and cancelled_at is null
       and ($1::timestamptz is null or expires is null or expires > $1::timestamptz)
     order by sent desc, id limit 1000`,
    [activeAt === null ? null : new Date(activeAt)],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    source: r.source,
    identifier: r.identifier,
    sender: r.sender,
    sent: r.sent.getTime(),
    expires: r.expires?.getTime() ?? null,
    severity: r.severity,
    urgency: r.urgency,
    certainty: r.certainty,
    event: r.event,
    headline: r.headline,
    areaDesc: r.area_desc,
    areas: typeof r.areas === 'string' ? JSON.parse(r.areas) : r.areas,
  }));
}
