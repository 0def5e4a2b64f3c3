/**
 * Public alerts, out and in (CAP 1.2, docs/cap.md):
 * - a lead issues, updates or cancels a CAP alert for an incident of their department (command and admin for
 *   any); each one is stored with its XML as sent and noted on the incident's timeline as a `comment` event
 *   through the writer, so it shows on every screen like any other event;
 * - `GET /alerts/<id>.cap` serves one alert's document and `GET /alerts.cap` the Atom feed of the alerts in
 *   force: both public, because a CAP feed is for the public and other agencies, and only what a lead chose
 *   to publish is in it;
 * - `GET /warnings` is other agencies' warnings (CAP_SOURCES, cap/cap-ingest.ts) as GeoJSON for the map.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  alertIssuer,
  CAP_CERTAINTIES,
  CAP_URGENCIES,
  CapAlertListSchema,
  type CapAlertView,
  decodeIncidentEvent,
  IdSchema,
  type IncidentView,
  ISSUED_MSG_TYPES,
  ISSUED_STATUSES,
  IssuedCapAlertSchema,
  WarningCollectionSchema,
} from '@twin/domain';
import {
  type AlertArea,
  buildCapAlert,
  CAP_CONTENT_TYPE,
  capAlertXml,
  capAtomFeed,
  capDateTime,
  DEFAULT_CERTAINTY,
  DEFAULT_EXPIRES_IN_MIN,
  DEFAULT_URGENCY,
  type LeadChoices,
  MAX_EXPIRES_IN_MIN,
  parseCapDocument,
} from '@twin/domain/cap';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AreaChoice, resolveAlertArea } from '../../cap/alert-area.js';
import {
  activeIncidentAlerts,
  feedAlerts,
  getCapAlert,
  insertCapAlert,
  isActive,
  listIncidentAlerts,
  type StoredCapAlert,
} from '../../db/cap-alerts.js';
import { listWarnings } from '../../db/cap-warnings.js';
import { getIncident } from '../../db/queries.js';
import { oneAtATimePerKey } from '../../lib/one-at-a-time.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { ErrorResponse } from '../schemas.js';

/** One alert request at a time per incident in this process (lib/one-at-a-time.ts). */
const oneAtATime = oneAtATimePerKey();

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const AreaSchema = Type.Union(
  [
    Type.Literal('incident-district'),
    Type.Object({ district: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
    Type.Object(
      {
        polygon: Type.Array(Type.Tuple([Type.Number(), Type.Number()]), {
          minItems: 3,
          maxItems: 1000,
          description: '[longitude, latitude] pairs; the ring is closed for you',
        }),
      },
      { additionalProperties: false },
    ),
  ],
  {
    description:
      '"incident-district" (the default), { "district": name } of the city pack, or { "polygon": [[lon, lat], …] }',
  },
);

const IssueBody = Type.Object(
  {
    msgType: Type.Optional(literals(ISSUED_MSG_TYPES)),
    status: Type.Optional(literals(ISSUED_STATUSES)),
    urgency: Type.Optional(literals(CAP_URGENCIES)),
    certainty: Type.Optional(literals(CAP_CERTAINTIES)),
    headline: Type.Optional(Type.String({ minLength: 1, maxLength: 160 })),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    instruction: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    expiresInMin: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_EXPIRES_IN_MIN })),
    area: Type.Optional(AreaSchema),
  },
  { additionalProperties: false },
);

const ALERT_PATH = '/api/v1/alerts';

function alertUrl(id: string): string {
  return `${ALERT_PATH}/${encodeURIComponent(id)}.cap`;
}

function toView(a: StoredCapAlert, now: number): CapAlertView {
  const { xml: _xml, ...rest } = a;
  return { ...rest, active: isActive(a, now), url: alertUrl(a.id) };
}

/** The absolute address the request came to (for the feed's links), honouring a proxy's Host. */
function origin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

export const alertRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { manifest, districts } = app.city;
  const sender = app.config.capSender ?? `twin@${manifest.id}.invalid`;

  function departmentOf(id: string) {
    const listed = manifest.departments.find((d) => d.id === id);
    return listed ? { id, name: listed.name, icon: listed.icon } : { id, name: id };
  }

  function refuse(reply: FastifyReply, status: 403 | 409, message: string) {
    if (status === 403) app.accounts.metrics.refused.inc({ status: '403' });
    return reply.code(status).send({ error: status === 403 ? 'Forbidden' : 'Conflict', message });
  }

  /**
   * Builds, notes on the timeline and stores one alert. NOTE: the timeline event goes first, through the
   * writer like every action (503 within ACTION_TIMEOUT_MS when storage is down, and nothing is stored); the
   * alert row follows, so the public feed never shows an alert the incident's timeline does not.
   */
  async function issue(
    req: FastifyRequest,
    incident: IncidentView,
    department: string,
    choices: LeadChoices,
    area: AlertArea,
    replaces: StoredCapAlert[],
  ) {
    const principal = req.principal!;
    const now = Date.now();
    const sentAt = Math.floor(now / 1000) * 1000;
    const id = randomUUID();
    const alert = buildCapAlert({
      incident,
      city: manifest,
      department: departmentOf(department),
      sender,
      web: app.config.capPublicUrl,
      identifier: `twin-${manifest.id}-${id}`,
      sentAt,
      choices,
      area,
      earlier: replaces.map((r) => ({
        sender,
        identifier: r.identifier,
        sent: capDateTime(r.sentAt, manifest.timezone),
      })),
    });
    const xml = capAlertXml(alert);
    const what =
      choices.msgType === 'Cancel' ? 'cancelled' : choices.msgType === 'Update' ? 'updated' : 'issued';
    const note =
      `Public alert ${what} (CAP ${choices.msgType}${choices.status === 'Exercise' ? ', exercise' : ''}, ` +
      `${alert.info.severity}, ${area.name}): ${alert.info.headline}`;
    const event = decodeIncidentEvent(
      department,
      {
        type: 'comment',
        note: note.slice(0, 2000),
        actor: principal.username,
        eventId: `api-${randomUUID()}`,
        incidentId: incident.incidentId,
        ts: now,
      },
      now,
    );
    if (typeof event === 'string') throw new BadRequestError(event);
    await app.writer.writeNow([{ kind: 'incident-event', event }], app.config.actionTimeoutMs);
    const expiresAt = sentAt + choices.expiresInMin * 60_000;
    const stored = {
      id,
      incidentId: incident.incidentId,
      identifier: alert.identifier,
      msgType: choices.msgType,
      status: choices.status,
      references: alert.references,
      headline: alert.info.headline,
      areaDesc: area.name,
      xml,
      sentAt,
      expiresAt,
      sentBy: principal.username,
    };
    await insertCapAlert(
      app.pool,
      stored,
      replaces.map((r) => r.id),
    );
    req.log.info(
      { incidentId: incident.incidentId, alertId: id, msgType: choices.msgType, actor: principal.username },
      'public alert',
    );
    return { ...toView({ ...stored, cancelledAt: null, supersededBy: null }, now), xml };
  }

  /** The area an earlier alert covered, read back from its XML (an Update or Cancel keeps it by default). */
  function areaOf(a: StoredCapAlert): AlertArea {
    const read = parseCapDocument(a.xml).alerts[0];
    const rings = read?.ok ? read.warning.areas.coordinates.map((p) => p[0]!) : [];
    return { name: a.areaDesc, rings };
  }

  app.post(
    '/incidents/:incidentId/alerts',
    {
      schema: {
        summary: 'Issue a public CAP 1.2 alert for an incident (Alert, Update or Cancel)',
        description:
          'A lead of the owning department, command or an admin (analysts and kiosks: 403). The area is the ' +
          "incident's district by default, another district, or a drawn polygon. An Update replaces, and a " +
          'Cancel withdraws, the alerts of the incident in force (409 when there is none). The alert is noted ' +
          'on the incident timeline and published in the Atom feed `GET /api/v1/alerts.cap`.',
        params: Type.Object({ incidentId: IdSchema }),
        body: IssueBody,
        response: {
          201: IssuedCapAlertSchema,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const { incidentId } = req.params;
      const body = req.body;
      return oneAtATime(incidentId, async () => {
        const detail = await getIncident(app.pool, incidentId);
        if (!detail) throw new NotFoundError('incident', incidentId);
        const incident = detail.incident;
        const who = alertIssuer(req.principal!, incident);
        if (!who.ok) return refuse(reply, who.status, who.message);
        const msgType = body.msgType ?? 'Alert';
        const replaces =
          msgType === 'Alert' ? [] : await activeIncidentAlerts(app.pool, incidentId, Date.now());
        if (msgType !== 'Alert' && replaces.length === 0)
          return refuse(
            reply,
            409,
            `no public alert of this incident is in force to ${msgType === 'Update' ? 'update' : 'cancel'}`,
          );
        const area =
          body.area === undefined && replaces[0]
            ? areaOf(replaces[0])
            : resolveAlertArea((body.area ?? 'incident-district') as AreaChoice, districts, incident);
        if (typeof area === 'string') throw new BadRequestError(area);
        const lastExpiry = Math.max(...replaces.map((r) => r.expiresAt));
        const expiresInMin =
          msgType === 'Cancel'
            ? Math.max(1, Math.ceil((lastExpiry - Date.now()) / 60_000))
            : (body.expiresInMin ?? DEFAULT_EXPIRES_IN_MIN);
        const issued = await issue(
          req,
          incident,
          who.department,
          {
            msgType,
            status: body.status ?? 'Actual',
            urgency: body.urgency ?? DEFAULT_URGENCY,
            certainty: body.certainty ?? DEFAULT_CERTAINTY,
            headline: body.headline,
            description: body.description,
            instruction: body.instruction,
            expiresInMin,
          },
          area,
          replaces,
        );
        return reply.code(201).send(issued);
      });
    },
  );

  app.post(
    '/alerts/:alertId/cancel',
    {
      schema: {
        summary: 'Cancel a public alert: a CAP Cancel referencing it, published in the feed in its place',
        params: Type.Object({ alertId: IdSchema }),
        response: {
          201: IssuedCapAlertSchema,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const existing = await getCapAlert(app.pool, req.params.alertId);
      if (!existing) throw new NotFoundError('alert', req.params.alertId);
      return oneAtATime(existing.incidentId, async () => {
        const detail = await getIncident(app.pool, existing.incidentId);
        if (!detail) throw new NotFoundError('incident', existing.incidentId);
        const who = alertIssuer(req.principal!, detail.incident);
        if (!who.ok) return refuse(reply, who.status, who.message);
        const alert = (await getCapAlert(app.pool, existing.id))!;
        if (!isActive(alert, Date.now()))
          return refuse(
            reply,
            409,
            alert.msgType === 'Cancel'
              ? 'this is a cancellation; it cannot be cancelled'
              : `the alert is no longer in force (${alert.cancelledAt !== null ? 'cancelled' : alert.supersededBy !== null ? 'replaced by an update' : 'expired'})`,
          );
        const issued = await issue(
          req,
          detail.incident,
          who.department,
          {
            msgType: 'Cancel',
            status: alert.status,
            urgency: 'Past',
            certainty: DEFAULT_CERTAINTY,
            headline: alert.headline,
            expiresInMin: Math.max(1, Math.ceil((alert.expiresAt - Date.now()) / 60_000)),
          },
          areaOf(alert),
          [alert],
        );
        return reply.code(201).send(issued);
      });
    },
  );

  app.get(
    '/incidents/:incidentId/alerts',
    {
      schema: {
        summary: 'The public alerts issued for an incident, oldest first',
        params: Type.Object({ incidentId: IdSchema }),
        response: { 200: CapAlertListSchema },
      },
    },
    async (req) => {
      const now = Date.now();
      return {
        alerts: (await listIncidentAlerts(app.readPool, req.params.incidentId)).map((a) => toView(a, now)),
      };
    },
  );

  app.get(
    '/alerts/:alertId.cap',
    {
      config: { public: true },
      schema: {
        summary: 'One public alert as its CAP 1.2 document (application/cap+xml); public',
        params: Type.Object({ alertId: IdSchema }),
      },
    },
    async (req, reply) => {
      const alert = await getCapAlert(app.readPool, req.params.alertId);
      if (!alert) throw new NotFoundError('alert', req.params.alertId);
      return reply.type(`${CAP_CONTENT_TYPE}; charset=utf-8`).send(alert.xml);
    },
  );

  app.get(
    '/alerts.cap',
    {
      // NOTE: public on purpose: a CAP feed is for the public and other agencies (docs/cap.md). It holds only
      // what a lead chose to publish, never an incident's other details.
      config: { public: true },
      schema: {
        summary:
          'Atom feed of the public alerts in force (each CAP alert embedded, with a link to its document); public',
      },
    },
    async (req, reply) => {
      const now = Date.now();
      const alerts = await feedAlerts(app.readPool, now);
      const base = origin(req);
      const feed = capAtomFeed(
        {
          selfHref: `${base}${ALERT_PATH}.cap`,
          title: `Public alerts — ${manifest.name}`,
          author: manifest.name,
          updatedAt: alerts[0]?.sentAt ?? now,
        },
        alerts.map((a) => ({
          xml: a.xml,
          identifier: a.identifier,
          headline: a.headline,
          sentAt: a.sentAt,
          href: `${base}${alertUrl(a.id)}`,
        })),
      );
      return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'no-cache').send(feed);
    },
  );

  app.get(
    '/warnings',
    {
      schema: {
        summary: "Other agencies' CAP warnings (CAP_SOURCES) as a GeoJSON FeatureCollection",
        description:
          '`active=true` (the default) leaves out expired ones; cancelled ones and non-Actual ones (exercises, ' +
          'tests) are never listed.',
        querystring: Type.Object({ active: Type.Boolean({ default: true }) }),
        response: { 200: WarningCollectionSchema },
      },
    },
    async (req) => {
      const rows = await listWarnings(app.readPool, req.query.active ? Date.now() : null);
      return {
        type: 'FeatureCollection' as const,
        features: rows.map(({ areas, ...p }) => ({
          type: 'Feature' as const,
          properties: p,
          geometry: areas,
        })),
      };
    },
  );
};
