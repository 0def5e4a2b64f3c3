/**
 * Storage of citizen reports (table open311_requests, migration 15; docs/open311.md). The incident a report
 * opened or joined is written through the writer like every other event; this table keeps the report itself:
 * which incident it is attached to, whether it was merged, split off or rejected, and the reporter's details
 * (for staff only: the public answers never select them).
 */
import { categoryKey, OPEN_STATUSES, type ReportState, type ServiceRequestInput } from '@twin/domain';
import type { Queryable } from './pool.js';

export interface Open311Request {
  id: string;
  serviceCode: string;
  incidentId: string;
  merged: boolean;
  description: string | null;
  address: string | null;
  mediaUrl: string | null;
  lat: number;
  lon: number;
  requestedAt: number;
  state: ReportState;
  reason: string | null;
  stateChangedAt: number | null;
}

/** A report with its incident's status, owner and last change (what the public answers are made of). */
export interface Open311RequestWithIncident extends Open311Request {
  incidentStatus: string | null;
  incidentDepartment: string | null;
  incidentUpdatedAt: number | null;
  /** The note of the incident's resolution (or closing), while it is resolved or closed. */
  resolutionNote: string | null;
}

/** The reporter's details and how the report came in: for lead, command and admin only. */
export interface Open311Reporter {
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  deviceId: string | null;
  accountId: string | null;
  client: string;
}

interface Row {
  id: string;
  service_code: string;
  incident_id: string;
  merged: boolean;
  description: string | null;
  address: string | null;
  media_url: string | null;
  lat: number;
  lon: number;
  requested_at: Date;
  state: ReportState;
  reason: string | null;
  state_changed_at: Date | null;
  incident_status?: string | null;
  incident_department?: string | null;
  incident_updated_at?: Date | null;
  resolution_note?: string | null;
  email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  phone?: string | null;
  device_id?: string | null;
  account_id?: string | null;
  client?: string;
}

/** The public columns: never the reporter's. */
const PUBLIC_COLUMNS = `r.id::text as id, r.service_code, r.incident_id, r.merged, r.description, r.address,
  r.media_url, r.lat, r.lon, r.requested_at, r.state, r.reason, r.state_changed_at,
  i.status as incident_status, i.department as incident_department, i.updated_at as incident_updated_at,
  (select e.body->>'note' from incident_events e where e.incident_id = r.incident_id
     and e.type in ('resolved', 'closed') and i.status in ('resolved', 'closed')
   order by e.ts desc limit 1) as resolution_note`;
const REPORTER_COLUMNS = 'r.email, r.first_name, r.last_name, r.phone, r.device_id, r.account_id, r.client';
const FROM = 'from open311_requests r left join incidents i on i.incident_id = r.incident_id';

const time = (d: Date | null | undefined) => (d ? d.getTime() : null);

function toRequest(r: Row): Open311RequestWithIncident {
  return {
    id: r.id,
    serviceCode: r.service_code,
    incidentId: r.incident_id,
    merged: r.merged,
    description: r.description,
    address: r.address,
    mediaUrl: r.media_url,
    lat: r.lat,
    lon: r.lon,
    requestedAt: r.requested_at.getTime(),
    state: r.state,
    reason: r.reason,
    stateChangedAt: time(r.state_changed_at),
    incidentStatus: r.incident_status ?? null,
    incidentDepartment: r.incident_department ?? null,
    incidentUpdatedAt: time(r.incident_updated_at),
    resolutionNote: r.resolution_note ?? null,
  };
}

function toReporter(r: Row): Open311Reporter {
  return {
    email: r.email ?? null,
    firstName: r.first_name ?? null,
    lastName: r.last_name ?? null,
    phone: r.phone ?? null,
    deviceId: r.device_id ?? null,
    accountId: r.account_id ?? null,
    client: r.client ?? '',
  };
}

export interface NewOpen311Request {
  input: ServiceRequestInput;
  tokenHash: string;
  incidentId: string;
  merged: boolean;
  client: string;
  requestedAt: number;
}

/** Stores a report; returns its public id. */
export async function insertOpen311Request(db: Queryable, r: NewOpen311Request): Promise<string> {
  const { input } = r;
  const { rows } = await db.query<{ id: string }>(
    `insert into open311_requests (token_hash, service_code, incident_id, merged, description, address, email,
       first_name, last_name, phone, device_id, account_id, media_url, lat, lon, client, requested_at, state)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'attached')
     returning id::text as id`,
    [
      r.tokenHash,
      input.serviceCode,
      r.incidentId,
      r.merged,
      input.description,
      input.address,
      input.reporter.email,
      input.reporter.firstName,
      input.reporter.lastName,
      input.reporter.phone,
      input.deviceId,
      input.accountId,
      input.mediaUrl,
      input.lat,
      input.lon,
      r.client,
      new Date(r.requestedAt).toISOString(),
    ],
  );
  return rows[0]!.id;
}

const NUMERIC_ID = /^\d{1,18}$/;

/** Reports by public id (ids that cannot be one are not found). */
export async function open311RequestsById(
  db: Queryable,
  ids: readonly string[],
): Promise<Open311RequestWithIncident[]> {
  const wanted = ids.filter((id) => NUMERIC_ID.test(id));
  if (wanted.length === 0) return [];
  const { rows } = await db.query<Row>(
    `select ${PUBLIC_COLUMNS} ${FROM} where r.id = any($1::bigint[]) order by r.id`,
    [wanted],
  );
  return rows.map(toRequest);
}

export async function open311RequestByToken(
  db: Queryable,
  tokenHash: string,
): Promise<Open311RequestWithIncident | null> {
  const { rows } = await db.query<Row>(`select ${PUBLIC_COLUMNS} ${FROM} where r.token_hash = $1`, [
    tokenHash,
  ]);
  return rows[0] ? toRequest(rows[0]) : null;
}

export interface Open311Search {
  serviceCodes: string[] | null;
  from: number;
  to: number;
  /** open = the incident is open (and the report not rejected); closed = everything else. */
  statuses: ('open' | 'closed')[] | null;
  limit: number;
}

const OPEN_SQL = `(r.state <> 'rejected' and i.status = any($1::text[]))`;

export async function searchOpen311Requests(
  db: Queryable,
  q: Open311Search,
): Promise<Open311RequestWithIncident[]> {
  const params: unknown[] = [OPEN_STATUSES];
  const where = [
    `r.requested_at >= $${params.push(new Date(q.from).toISOString())}`,
    `r.requested_at <= $${params.push(new Date(q.to).toISOString())}`,
  ];
  if (q.serviceCodes) where.push(`r.service_code = any($${params.push(q.serviceCodes)}::text[])`);
  if (q.statuses && q.statuses.length === 1)
    where.push(q.statuses[0] === 'open' ? OPEN_SQL : `not coalesce(${OPEN_SQL}, false)`);
  const { rows } = await db.query<Row>(
    `select ${PUBLIC_COLUMNS} ${FROM} where ${where.join(' and ')}
     order by r.requested_at desc, r.id desc limit $${params.push(q.limit)}`,
    params,
  );
  return rows.map(toRequest);
}

/** The reports attached to an incident, oldest first, with the reporters' details. */
export async function open311RequestsOfIncident(
  db: Queryable,
  incidentId: string,
): Promise<(Open311RequestWithIncident & { reporter: Open311Reporter })[]> {
  const { rows } = await db.query<Row>(
    `select ${PUBLIC_COLUMNS}, ${REPORTER_COLUMNS} ${FROM} where r.incident_id = $1 order by r.requested_at, r.id`,
    [incidentId],
  );
  return rows.map((r) => ({ ...toRequest(r), reporter: toReporter(r) }));
}

/** How many other reports of the incident still stand (not rejected; one split off to it stands). */
export async function otherStandingReports(
  db: Queryable,
  incidentId: string,
  exceptId: string,
): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `select count(*) as n from open311_requests where incident_id = $1 and id <> $2 and state <> 'rejected'`,
    [incidentId, exceptId],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Moves a report to `split` (attached to its new incident; only from `attached`) or `rejected` (from either);
 * false when that no longer makes sense (another lead was quicker).
 */
export async function changeOpen311RequestState(
  db: Queryable,
  id: string,
  change: { state: 'split' | 'rejected'; incidentId?: string; reason?: string; by: string; at: number },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update open311_requests set state = $2, incident_id = coalesce($3, incident_id), reason = $4,
       state_changed_at = $5, state_changed_by = $6
     where id = $1 and (state = 'attached' or ($2 = 'rejected' and state = 'split'))`,
    [
      id,
      change.state,
      change.incidentId ?? null,
      change.reason ?? null,
      new Date(change.at).toISOString(),
      change.by,
    ],
  );
  return rowCount === 1;
}

/** Undoes a state change whose incident event could not be written (an outage): the report stands again. */
export async function restoreOpen311Request(db: Queryable, before: Open311Request): Promise<void> {
  await db.query(
    `update open311_requests set state = $3, incident_id = $2, reason = $4, state_changed_at = $5
     where id = $1`,
    [
      before.id,
      before.incidentId,
      before.state,
      before.reason,
      before.stateChangedAt === null ? null : new Date(before.stateChangedAt).toISOString(),
    ],
  );
}

export interface Open311MergeCandidateRow {
  incidentId: string;
  lat: number;
  lon: number;
  openedAt: number;
  open: boolean;
  /** The owner now (a hand-over may have moved it from the service's department). */
  department: string;
}

/** Open incidents of a category opened since `since` inside a box (the merge rule picks among them). */
export async function mergeCandidates(
  db: Queryable,
  category: string,
  box: [number, number, number, number],
  since: number,
): Promise<Open311MergeCandidateRow[]> {
  const [w, s, e, n] = box;
  const { rows } = await db.query<{
    incident_id: string;
    lat: number;
    lon: number;
    opened_at: Date;
    department: string;
  }>(
    `select incident_id, lat, lon, opened_at, department from incidents
     where category_key = $1 and status = any($2::text[]) and opened_at >= $3
       and lon between $4 and $5 and lat between $6 and $7`,
    [categoryKey(category), OPEN_STATUSES, new Date(since).toISOString(), w, e, s, n],
  );
  return rows.map((r) => ({
    incidentId: r.incident_id,
    lat: r.lat,
    lon: r.lon,
    openedAt: r.opened_at.getTime(),
    open: true,
    department: r.department,
  }));
}
