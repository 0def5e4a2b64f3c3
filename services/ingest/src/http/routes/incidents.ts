import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  actingDepartment,
  DEPARTMENT_RULE,
  DepartmentIdSchema,
  decideAction,
  decodeIncidentEvent,
  IdSchema,
  INCIDENT_ACTION_TYPES,
  INCIDENT_STATUSES,
  IncidentDetailSchema,
  IncidentListSchema,
  UnitStatusSchema,
} from '@twin/domain';
import { existingDepartments } from '../../db/departments.js';
import { getIncident, listIncidents } from '../../db/queries.js';
import { oneAtATimePerKey } from '../../lib/one-at-a-time.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { parseBbox, parseCategory, parseTime, parseWindow } from '../query-params.js';
import { BboxParam, CategoryParam, ErrorResponse, TimeParam, WindowQueryProps } from '../schemas.js';

/** One action at a time per incident in this process (lib/one-at-a-time.ts). */
const oneAtATime = oneAtATimePerKey();

export const incidentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/incidents',
    {
      schema: {
        summary: 'Incidents (current state) with filters',
        description:
          '`from`/`to` select the incidents open during that window: opened at or before `to` and not resolved ' +
          '(or closed) before `from`; still open ones count, also those that did not change in the window. ' +
          'Either end may be left out. `updatedSince` is another question, for polling: incidents changed at ' +
          'or after that time.',
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union([
              Type.Literal('open'),
              Type.Literal('all'),
              ...INCIDENT_STATUSES.map((s) => Type.Literal(s)),
            ]),
          ),
          department: Type.Optional(
            Type.String({ maxLength: 40, description: 'owner or assisting department' }),
          ),
          district: Type.Optional(Type.String({ maxLength: 100 })),
          minSeverity: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
          category: Type.Optional(CategoryParam),
          awaitingReport: Type.Optional(
            Type.Boolean({
              description: 'only incidents awaiting (true) or not awaiting (false) their report',
            }),
          ),
          bbox: Type.Optional(BboxParam),
          ...WindowQueryProps,
          updatedSince: Type.Optional(
            Type.String({
              maxLength: TimeParam.maxLength,
              description: `only incidents changed at or after this time; ${TimeParam.description}`,
            }),
          ),
          limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
        }),
        response: {
          200: IncidentListSchema,
          400: ErrorResponse,
        },
      },
    },
    async (req) => {
      const q = req.query;
      parseCategory(q.category);
      const { from, to } = parseWindow(q);
      const updatedSince = parseTime('updatedSince', q.updatedSince);
      const bbox = parseBbox('bbox', q.bbox);
      return listIncidents(app.readPool, { ...q, from, to, updatedSince, bbox, limit: q.limit });
    },
  );

  app.get(
    '/incidents/:incidentId',
    {
      schema: {
        summary: 'One incident with its full event timeline',
        params: Type.Object({ incidentId: IdSchema }),
        response: { 200: IncidentDetailSchema, 404: ErrorResponse },
      },
    },
    async (req) => {
      const detail = await getIncident(app.readPool, req.params.incidentId);
      if (!detail) throw new NotFoundError('incident', req.params.incidentId);
      return detail;
    },
  );

  app.post(
    '/incidents/:incidentId/actions',
    {
      schema: {
        summary:
          'Act on an incident: acknowledge, dispatch, ask for assistance, hand over, escalate, resolve…',
        description:
          'The action becomes an incident event of the acting department and goes through the same write path ' +
          'as events from MQTT; the response is the incident after the event is committed. Who acts comes ' +
          'from the session or token: the event records the signed-in username as `actor`, and the acting ' +
          'department is the lead’s own or the one command/admin name. Analysts and kiosks may not act (403).',
        params: Type.Object({ incidentId: IdSchema }),
        body: Type.Object(
          {
            type: Type.Union(INCIDENT_ACTION_TYPES.map((t) => Type.Literal(t))),
            department: Type.Optional(
              Type.String({
                ...DEPARTMENT_RULE,
                description:
                  'the department acted for: required for command and admin; a lead acts for its own ' +
                  '(naming another is refused with 403)',
              }),
            ),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
            unit: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            toDepartment: Type.Optional(DepartmentIdSchema),
            severity: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
            unitStatus: Type.Optional(UnitStatusSchema),
          },
          { additionalProperties: false },
        ),
        response: {
          200: IncidentDetailSchema,
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
      const principal = req.principal!;
      // Who may act: the acting department from the principal (domain access.ts), never from the body's
      // claim; then, with the incident read, the lifecycle rules (domain incident-actions.ts: 403 for a
      // department with no part in it, 409 for an action that makes no sense in its state).
      const acting = actingDepartment(principal, body.department);
      if (!acting.ok) {
        if (acting.status === 403) app.accounts.metrics.refused.inc({ status: '403' });
        return reply
          .code(acting.status)
          .send({ error: acting.status === 403 ? 'Forbidden' : 'Bad Request', message: acting.message });
      }
      const department = acting.department;
      // Listed or unlisted alike: any department in the registry (the pack's, or one that has published).
      const named = [department, ...(body.toDepartment === undefined ? [] : [body.toDepartment])];
      const registered = await existingDepartments(app.pool, named);
      for (const dept of named) {
        if (!registered.has(dept))
          throw new BadRequestError(
            `unknown department "${dept}" (neither listed by the city pack nor seen in any feed)`,
          );
      }
      // NOTE: one action per incident at a time in this instance, so a double click cannot pass the check
      // twice before the first is committed (instances behind a balancer can still race; see security.md).
      return oneAtATime(incidentId, async () => {
        const existing = await getIncident(app.pool, incidentId);
        if (!existing) throw new NotFoundError('incident', incidentId);
        const decision = decideAction(existing.incident, principal, { ...body, department });
        if (!decision.ok) {
          if (decision.status === 403) app.accounts.metrics.refused.inc({ status: '403' });
          const error = { 400: 'Bad Request', 403: 'Forbidden', 409: 'Conflict' }[decision.status];
          return reply.code(decision.status).send({ error, message: decision.reason });
        }
        const now = Date.now();
        const { department: _named, ...fields } = body;
        const event = decodeIncidentEvent(
          department,
          { ...fields, actor: principal.username, eventId: `api-${randomUUID()}`, incidentId, ts: now },
          now,
        );
        if (typeof event === 'string') throw new BadRequestError(event);
        // NOTE: answered after the commit; an outage answers 503 within ACTION_TIMEOUT_MS, never applied later.
        await app.writer.writeNow([{ kind: 'incident-event', event }], app.config.actionTimeoutMs);
        req.log.info(
          { incidentId, type: event.type, department: event.department, actor: event.actor },
          'incident action',
        );
        return (await getIncident(app.pool, incidentId))!;
      });
    },
  );
};
