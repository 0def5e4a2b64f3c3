/**
 * The CAP alerts leads issued (migration 16's cap_alerts): stored with the XML exactly as sent, read for an
 * incident's list, for one alert's document and for the public feed. An alert is active until it expires,
 * is cancelled, or is superseded by an Update.
 */
import type { IssuedMsgType, IssuedStatus } from '@twin/domain';
import type { Queryable } from './pool.js';

export interface StoredCapAlert {
  id: string;
  incidentId: string;
  identifier: string;
  msgType: IssuedMsgType;
  status: IssuedStatus;
  /** CAP's "sender,identifier,sent" of the alerts this one updates or cancels; null for an Alert. */
  references: string | null;
  headline: string;
  areaDesc: string;
  xml: string;
  /** Epoch ms. */
  sentAt: number;
  expiresAt: number;
  cancelledAt: number | null;
  /** The Update that replaced this alert, or null. */
  supersededBy: string | null;
  sentBy: string;
}

interface Row {
  id: string;
  incident_id: string;
  identifier: string;
  msg_type: IssuedMsgType;
  status: IssuedStatus;
  references: string | null;
  headline: string;
  area_desc: string;
  xml: string;
  sent_at: Date;
  expires_at: Date;
  cancelled_at: Date | null;
  superseded_by: string | null;
  sent_by: string;
}

const COLUMNS =
  'id, incident_id, identifier, msg_type, status, "references", headline, area_desc, xml, sent_at, expires_at, cancelled_at, superseded_by, sent_by';

function fromRow(r: Row): StoredCapAlert {
  return {
    id: r.id,
    incidentId: r.incident_id,
    identifier: r.identifier,
    msgType: r.msg_type,
    status: r.status,
    references: r.references,
    headline: r.headline,
    areaDesc: r.area_desc,
    xml: r.xml,
    sentAt: r.sent_at.getTime(),
    expiresAt: r.expires_at.getTime(),
    cancelledAt: r.cancelled_at?.getTime() ?? null,
    supersededBy: r.superseded_by,
    sentBy: r.sent_by,
  };
}

/** Stores a new alert; an Update supersedes, a Cancel cancels, the alerts it refers to (`replaces`). */
export async function insertCapAlert(
  db: Queryable,
  alert: Omit<StoredCapAlert, 'cancelledAt' | 'supersededBy'>,
  replaces: readonly string[],
): Promise<void> {
  await db.query(
    `insert into cap_alerts (id, incident_id, identifier, msg_type, status, "references", headline, area_desc, xml,
       sent_at, expires_at, sent_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      alert.id,
      alert.incidentId,
      alert.identifier,
      alert.msgType,
      alert.status,
      alert.references,
      alert.headline,
      alert.areaDesc,
      alert.xml,
      new Date(alert.sentAt),
      new Date(alert.expiresAt),
      alert.sentBy,
    ],
  );
  if (replaces.length === 0) return;
  if (alert.msgType === 'Cancel')
    await db.query('update cap_alerts set cancelled_at = $2 where id = any($1) and cancelled_at is null', [
      replaces,
      new Date(alert.sentAt),
    ]);
  else
    await db.query('update cap_alerts set superseded_by = $2 where id = any($1) and superseded_by is null', [
      replaces,
      alert.id,
    ]);
}

export async function getCapAlert(db: Queryable, id: string): Promise<StoredCapAlert | null> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from cap_alerts where id = $1`, [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Every alert issued for an incident, oldest first. */
export async function listIncidentAlerts(db: Queryable, incidentId: string): Promise<StoredCapAlert[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from cap_alerts where incident_id = $1 order by sent_at, id`,
    [incidentId],
  );
  return rows.map(fromRow);
}

/** The incident's alerts in force at `now`: Alerts and Updates not expired, cancelled or superseded. */
export async function activeIncidentAlerts(
  db: Queryable,
  incidentId: string,
  now: number,
): Promise<StoredCapAlert[]> {
  return (await listIncidentAlerts(db, incidentId)).filter((a) => isActive(a, now));
}

export function isActive(a: StoredCapAlert, now: number): boolean {
  return a.msgType !== 'Cancel' && a.cancelledAt === null && a.supersededBy === null && a.expiresAt > now;
}

/**
 * What the public feed carries at `now`: the alerts in force, and the Cancels of alerts that would still be
 * in force (so a reader that saw an alert learns it is withdrawn), newest first.
 */
export async function feedAlerts(db: Queryable, now: number, limit = 500): Promise<StoredCapAlert[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from cap_alerts
     where expires_at > $1
       and ((msg_type <> 'Cancel' and cancelled_at is null and superseded_by is null) or msg_type = 'Cancel')
     order by sent_at desc, id limit $2`,
    [new Date(now), limit],
  );
  return rows.map(fromRow);
}
