/**
 * Staff tools for citizen reports (docs/open311.md), under /api/v1 and so behind twin-auth: the public
 * reports of an incident (the reporters' details only for lead, command and admin), and a lead's two
 * corrections, each an ordinary incident event through the writer: split a wrongly merged report off into
 * an incident of its own, or reject one (spam) with a reason. Who acts comes from the principal, never the
 * body: a lead of the owning department, command or admin.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import { canAct, IdSchema, MULTI_LINE_TEXT_RULE, type Principal, plainText } from '@twin/domain';
import { open311RequestsById, open311RequestsOfIncident } from '../../db/open311-requests.js';
import { getIncident } from '../../db/queries.js';
import { reportDeps, servicesByCode } from '../../open311/context.js';
import { type Actor, ReportActionRefused, rejectReport, splitReport } from '../../open311/reports.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { ErrorResponse } from '../schemas.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const ReporterSchema = Type.Object({
  email: Nullable(Type.String()),
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  deviceId: Nullable(Type.String()),
  accountId: Nullable(Type.String()),
  client: Type.String({ description: 'the API key id (`key:…`) or the address (`ip:…`) it came from' }),
});

const PublicReportSchema = Type.Object({
  id: Type.String({ description: 'the Open311 service_request_id' }),
  serviceCode: Type.String(),
  serviceName: Type.String(),
  description: Nullable(Type.String()),
  mediaUrl: Nullable(Type.String()),
  lat: Type.Number(),
  lon: Type.Number(),
  requestedAt: Type.Number(),
  /** attached (it stands), split (now an incident of its own) or rejected (with the reason). */
  state: Type.Union([Type.Literal('attached'), Type.Literal('split'), Type.Literal('rejected')]),
  merged: Type.Boolean({ description: 'attached on arrival to an incident an earlier report opened' }),
  reason: Nullable(Type.String()),
  reporter: Type.Optional(ReporterSchema),
});

const ReportsSchema = Type.Object({
  incidentId: Type.String(),
  /** Reports that stand (neither split off nor rejected). */
  count: Type.Integer(),
  reports: Type.Array(PublicReportSchema),
});

const errors = { 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const RequestParams = Type.Object({ requestId: Type.String({ pattern: '^[0-9]{1,18}$' }) });

/** The department a principal corrects reports for: a lead its own; command and admin act as the owner. */
function actorOf(principal: Principal): Actor | { refused: string } {
  if (!canAct(principal))
    return {
      refused: `${principal.role === 'analyst' ? 'an analyst' : 'a kiosk'} may read but not act on reports`,
    };
  if (principal.role === 'lead') {
    if (principal.department === null)
      return { refused: 'this lead has no department to act for; ask an admin' };
    return { department: principal.department, username: principal.username };
  }
  return { department: null, username: principal.username };
}

export const open311StaffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const services = servicesByCode(app);

  app.get(
    '/incidents/:incidentId/reports',
    {
      schema: {
        summary: 'The public (Open311) reports of an incident',
        description:
          'Every report attached to the incident, or split off or rejected from it, oldest first. The reporters’ ' +
          'details (`reporter`) only for lead, command and admin.',
        params: Type.Object({ incidentId: IdSchema }),
        response: { 200: ReportsSchema, ...errors },
      },
    },
    async (req) => {
      const { incidentId } = req.params;
      const rows = await open311RequestsOfIncident(app.pool, incidentId);
      // NOTE: a report split off is listed by its new incident; the old one's timeline says where it went.
      if (rows.length === 0 && !(await getIncident(app.pool, incidentId)))
        throw new NotFoundError('incident', incidentId);
      const seesReporters = canAct(req.principal!);
      return {
        incidentId,
        count: rows.filter((r) => r.state === 'attached').length,
        reports: rows.map((r) => ({
          id: r.id,
          serviceCode: r.serviceCode,
          serviceName: services.get(r.serviceCode)?.name ?? r.serviceCode,
          description: r.description,
          mediaUrl: r.mediaUrl,
          lat: r.lat,
          lon: r.lon,
          requestedAt: r.requestedAt,
          state: r.state,
          merged: r.merged,
          reason: r.reason,
          ...(seesReporters ? { reporter: r.reporter } : {}),
        })),
      };
    },
  );

  /** Reads the report and who acts, answering 403/404/409 in the API's usual shape. */
  const prepare = async (requestId: string, principal: Principal) => {
    const actor = actorOf(principal);
    if ('refused' in actor) {
      app.accounts.metrics.refused.inc({ status: '403' });
      throw Object.assign(new Error(actor.refused), { statusCode: 403 });
    }
    const [report] = await open311RequestsById(app.pool, [requestId]);
    if (!report) throw new NotFoundError('public report', requestId);
    return { actor, report };
  };
  const refusal = (err: unknown) => {
    if (err instanceof ReportActionRefused && err.statusCode === 403)
      app.accounts.metrics.refused.inc({ status: '403' });
    throw err;
  };

  app.post(
    '/open311/requests/:requestId/split',
    {
      schema: {
        summary: 'Split a wrongly merged public report off into an incident of its own',
        description:
          'For a lead of the department that owns the report’s incident, command or admin. The report opens a new ' +
          'incident (source public); the old incident’s timeline says it was split off. 409 when the report ' +
          'opened its incident itself, or was split off or rejected already.',
        params: RequestParams,
        response: {
          200: Type.Object({
            requestId: Type.String(),
            incidentId: Type.String(),
            previousIncidentId: Type.String(),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const { actor, report } = await prepare(req.params.requestId, req.principal!);
      const service = services.get(report.serviceCode);
      if (!service) throw new BadRequestError(`the city no longer has the service "${report.serviceCode}"`);
      const incidentId = await splitReport(reportDeps(app), report, service, actor, Date.now()).catch(
        refusal,
      );
      req.log.info(
        { request: report.id, from: report.incidentId, to: incidentId, by: actor.username },
        'public report split off',
      );
      return { requestId: report.id, incidentId, previousIncidentId: report.incidentId };
    },
  );

  app.post(
    '/open311/requests/:requestId/reject',
    {
      schema: {
        summary: 'Reject a public report (spam, not a public matter) with a reason',
        description:
          'The reason is shown to the reporter on their status page. When the report is the only one of an ' +
          'incident the public opened, the incident is closed with the reason as its note. 409 when it was ' +
          'split off or rejected already.',
        params: RequestParams,
        body: Type.Object(
          {
            reason: Type.String({
              minLength: 1,
              maxLength: 500,
              pattern: MULTI_LINE_TEXT_RULE.pattern,
              description: `why, in plain words (shown to the reporter): ${MULTI_LINE_TEXT_RULE.description}`,
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            requestId: Type.String(),
            state: Type.Literal('rejected'),
            incidentClosed: Type.Boolean(),
          }),
          400: ErrorResponse,
          ...errors,
        },
      },
    },
    async (req) => {
      const reason = plainText(req.body.reason, true);
      if (reason === '')
        throw new BadRequestError('reason: say why the report is rejected (it is shown to the reporter)');
      const { actor, report } = await prepare(req.params.requestId, req.principal!);
      const incidentClosed = await rejectReport(reportDeps(app), report, reason, actor, Date.now()).catch(
        refusal,
      );
      req.log.info(
        { request: report.id, incidentId: report.incidentId, incidentClosed, by: actor.username },
        'public report rejected',
      );
      return { requestId: report.id, state: 'rejected' as const, incidentClosed };
    },
  );
};
