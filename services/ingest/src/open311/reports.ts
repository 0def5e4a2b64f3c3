/**
 * What happens to a citizen's report (docs/open311.md): it opens an incident of the service's department, or,
 * when an open incident of the same category is near and recent, joins it as a further report (a comment on
 * its timeline). A lead can split a wrongly merged report off into an incident of its own, or reject it
 * (spam) with a reason. Every change of an incident is an ordinary incident event written through the writer,
 * so it reaches storage, the change log, the live socket and replay like any other.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Open311Service } from '@twin/city';
import {
  boxAround,
  clip,
  decodeIncidentEvent,
  type IncidentEvent,
  MAX_NOTE_CHARS,
  mergeTarget,
  publicActor,
  reportTitle,
  type ServiceRequestInput,
} from '@twin/domain';
import type pg from 'pg';
import {
  changeOpen311RequestState,
  insertOpen311Request,
  mergeCandidates,
  type Open311RequestWithIncident,
  otherStandingReports,
  restoreOpen311Request,
} from '../db/open311-requests.js';
import type { Queryable } from '../db/pool.js';
import { getIncident } from '../db/queries.js';
import { secretHash } from '../identity/secrets.js';
import type { BatchWriter } from '../ingest/batch-writer.js';
import { oneAtATimePerKey } from '../lib/one-at-a-time.js';

/** One report change at a time per key in this process (lib/one-at-a-time.ts). */
const oneAtATime = oneAtATimePerKey();

/** The actor of every event written for the public through Open311 (its incidents' source is `public`). */
export const OPEN311_ACTOR = publicActor('open311');

export interface ReportDeps {
  pool: pg.Pool;
  writer: Pick<BatchWriter, 'writeNow'>;
  timeoutMs: number;
  mergeRadiusM: number;
  mergeWindowMin: number;
}

export interface AcceptedReport {
  id: string;
  /** The status page's secret: handed to the reporter once, kept only as its hash. */
  token: string;
  incidentId: string;
  merged: boolean;
}

/** Builds a valid event of the service's own making (the same validation as any other event). */
function serviceEvent(department: string, fields: Record<string, unknown>, now: number): IncidentEvent {
  const event = decodeIncidentEvent(
    department,
    { eventId: `open311-${randomUUID()}`, ts: now, ...fields },
    now,
  );
  if (typeof event === 'string') throw new Error(`an Open311 event did not validate: ${event}`);
  return event;
}

/** The `reported` event of an incident opened by a report. */
function reportedEvent(service: Open311Service, input: ServiceRequestInput, incidentId: string, now: number) {
  return serviceEvent(
    service.department,
    {
      incidentId,
      type: 'reported',
      actor: OPEN311_ACTOR,
      category: service.category,
      severity: service.severity ?? 2,
      title: reportTitle(service.name, input.description),
      lat: input.lat,
      lon: input.lon,
      ...(input.description ? { note: clip(input.description, MAX_NOTE_CHARS) } : {}),
    },
    now,
  );
}

/** Takes a valid report in: a new incident, or a further report of an open one nearby. */
export async function acceptReport(
  deps: ReportDeps,
  service: Open311Service,
  input: ServiceRequestInput,
  client: string,
  now: number,
): Promise<AcceptedReport> {
  // NOTE: one report of a category at a time in this instance, so two reports of one pothole sent at once
  // cannot both open an incident (instances behind a balancer can still race; docs/open311.md).
  return oneAtATime(`category:${service.category}`, async () => {
    const candidates = await mergeCandidates(
      deps.pool,
      service.category,
      boxAround(input.lon, input.lat, deps.mergeRadiusM),
      now - deps.mergeWindowMin * 60_000,
    );
    const target = mergeTarget({ lat: input.lat, lon: input.lon, at: now }, candidates, {
      radiusM: deps.mergeRadiusM,
      windowMs: deps.mergeWindowMin * 60_000,
    });
    const incidentId = target?.incidentId ?? `open311-${randomUUID()}`;
    const event = target
      ? serviceEvent(
          target.department,
          {
            incidentId,
            type: 'comment',
            actor: OPEN311_ACTOR,
            note: clip(
              `Another public report: ${input.description ?? `(${service.name}, no description)`}`,
              MAX_NOTE_CHARS,
            ),
          },
          now,
        )
      : reportedEvent(service, input, incidentId, now);
    // NOTE: the event first: should the report's row then fail to store, the incident stands and the
    // reporter's retry (after the 503) joins it as a duplicate, rather than a row pointing at nothing.
    await deps.writer.writeNow([{ kind: 'incident-event', event }], deps.timeoutMs);
    const token = randomBytes(32).toString('base64url');
    const id = await insertOpen311Request(deps.pool, {
      input,
      tokenHash: secretHash(token),
      incidentId,
      merged: target !== null,
      client,
      requestedAt: now,
    });
    return { id, token, incidentId, merged: target !== null };
  });
}

/** A lead's action on a report refused: 404, 403 or 409 with the reason. */
export class ReportActionRefused extends Error {
  constructor(
    readonly statusCode: 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export interface Actor {
  /** The acting department (from the principal, access.ts), or null for command/admin acting as the owner. */
  department: string | null;
  username: string;
}

/** The owner acts for the incident; a lead of any other department may not. */
async function ownerOf(db: Queryable, report: Open311RequestWithIncident, actor: Actor) {
  const detail = await getIncident(db, report.incidentId);
  if (!detail)
    throw new ReportActionRefused(409, `the incident ${report.incidentId} of this report is not stored`);
  const owner = detail.incident.department;
  if (actor.department !== null && actor.department !== owner)
    throw new ReportActionRefused(
      403,
      `only ${owner}, the department that owns incident ${report.incidentId}, can split or reject its reports`,
    );
  return detail.incident;
}

/** Refuses what makes no sense: splitting twice, acting on a rejected report. */
function standing(report: Open311RequestWithIncident, action: 'split' | 'reject'): void {
  if (action === 'split' && report.state === 'split')
    throw new ReportActionRefused(
      409,
      `report ${report.id} was split off already (incident ${report.incidentId})`,
    );
  if (report.state === 'rejected')
    throw new ReportActionRefused(409, `report ${report.id} was rejected already: ${report.reason ?? ''}`);
}

/** Splits a merged report off into an incident of its own; returns the new incident's id. */
export async function splitReport(
  deps: ReportDeps,
  report: Open311RequestWithIncident,
  service: Open311Service,
  actor: Actor,
  now: number,
): Promise<string> {
  return oneAtATime(`report:${report.id}`, async () => {
    standing(report, 'split');
    if (!report.merged)
      throw new ReportActionRefused(
        409,
        `report ${report.id} opened incident ${report.incidentId}: it is its own already`,
      );
    const incident = await ownerOf(deps.pool, report, actor);
    const newId = `open311-${randomUUID()}`;
    const input = {
      description: report.description,
      lat: report.lat,
      lon: report.lon,
    } as ServiceRequestInput;
    const events = [
      reportedEvent(service, input, newId, now),
      serviceEvent(
        incident.department,
        {
          incidentId: report.incidentId,
          type: 'comment',
          actor: actor.username,
          note: `Public report ${report.id} was split off into an incident of its own (${newId})`,
        },
        now,
      ),
    ];
    if (
      !(await changeOpen311RequestState(deps.pool, report.id, {
        state: 'split',
        incidentId: newId,
        by: actor.username,
        at: now,
      }))
    )
      throw new ReportActionRefused(
        409,
        `report ${report.id} no longer stands (split or rejected meanwhile)`,
      );
    await writeOrRestore(
      deps,
      report,
      events.map((event) => ({ kind: 'incident-event' as const, event })),
    );
    return newId;
  });
}

/**
 * Rejects a report with the reason. When the incident was opened by the public and no other report of it
 * stands, the incident is closed with the reason as its note; otherwise its timeline says which report was
 * rejected and why. Returns whether the incident was closed.
 */
export async function rejectReport(
  deps: ReportDeps,
  report: Open311RequestWithIncident,
  reason: string,
  actor: Actor,
  now: number,
): Promise<boolean> {
  return oneAtATime(`report:${report.id}`, async () => {
    standing(report, 'reject');
    const incident = await ownerOf(deps.pool, report, actor);
    const alone =
      incident.source === 'public' &&
      (await otherStandingReports(deps.pool, report.incidentId, report.id)) === 0;
    const closes = alone && incident.status !== 'closed';
    if (
      !(await changeOpen311RequestState(deps.pool, report.id, {
        state: 'rejected',
        reason,
        by: actor.username,
        at: now,
      }))
    )
      throw new ReportActionRefused(
        409,
        `report ${report.id} no longer stands (split or rejected meanwhile)`,
      );
    const event = serviceEvent(
      incident.department,
      closes
        ? {
            incidentId: report.incidentId,
            type: 'closed',
            actor: actor.username,
            note: clip(reason, MAX_NOTE_CHARS),
          }
        : {
            incidentId: report.incidentId,
            type: 'comment',
            actor: actor.username,
            note: clip(`Public report ${report.id} was rejected: ${reason}`, MAX_NOTE_CHARS),
          },
      now,
    );
    await writeOrRestore(deps, report, [{ kind: 'incident-event', event }]);
    return closes;
  });
}

/** Writes a lead's events; when they cannot be written (503), the report's state change is undone. */
async function writeOrRestore(
  deps: ReportDeps,
  report: Open311RequestWithIncident,
  records: { kind: 'incident-event'; event: IncidentEvent }[],
): Promise<void> {
  try {
    await deps.writer.writeNow(records, deps.timeoutMs);
  } catch (err) {
    await restoreOpen311Request(deps.pool, report).catch(() => {});
    throw err;
  }
}
