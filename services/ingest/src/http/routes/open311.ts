/**
 * Open311 GeoReport v2 (docs/open311.md): the city's services, citizens' reports and their status, outside
 * /api/ and so open to anyone by design (twin-auth guards /api/ only). Also the reporter's status page
 * (`/r/<token>`). This scope has its own body limit, form-encoded bodies (the spec's encoding), a rate limit
 * per client address, and answers every error in the spec's shape: `[{ "code": 400, "description": "…" }]`.
 */
import { STATUS_CODES } from 'node:http';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import { MAX_REQUESTS_PER_ANSWER, readRequestQuery, readServiceRequest, reportHistory } from '@twin/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { open311ApiKeyId } from '../../db/open311-keys.js';
import {
  type Open311RequestWithIncident,
  open311RequestByToken,
  open311RequestsById,
  searchOpen311Requests,
} from '../../db/open311-requests.js';
import { getIncident } from '../../db/queries.js';
import { secretHash } from '../../identity/secrets.js';
import { departmentNamer, reportDeps, servicesByCode } from '../../open311/context.js';
import {
  errorList,
  type Format,
  requestStatus,
  requestView,
  serviceView,
  splitFormat,
  xmlList,
} from '../../open311/georeport.js';
import { acceptReport } from '../../open311/reports.js';
import { notFoundHtml, refusedHtml, STATUS_PAGE_HEADERS, statusPageHtml } from '../../open311/status-page.js';

/** A report is a few form fields: 16 KiB is plenty, and bounds what an anonymous client can send. */
export const OPEN311_BODY_LIMIT = 16 * 1024;

export const OPEN311_OUTCOMES = [
  'created',
  'merged',
  'rejected_input',
  'refused_key',
  'rate_limited',
] as const;
type Outcome = (typeof OPEN311_OUTCOMES)[number];

/** An error this scope answers in the spec's shape, with every problem listed. */
class Open311Error extends Error {
  constructor(
    readonly statusCode: number,
    readonly problems: string[],
  ) {
    super(problems.join('; '));
  }
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export async function open311Routes(app: FastifyInstance): Promise<void> {
  const { config } = app;
  const services = servicesByCode(app);
  const departmentName = departmentNamer(app);
  const [west, south, east, north] = app.city.manifest.bbox;
  const inCity = (lon: number, lat: number) =>
    lon >= west &&
    lon <= east &&
    lat >= south &&
    lat <= north &&
    app.city.places.place(lon, lat).district !== null;
  const counted = new Counter({
    name: 'twin_open311_requests_total',
    help: 'Open311 reports: created (a new incident), merged (attached to an open one), rejected_input (400), refused_key (403), rate_limited (429, any Open311 route or status page)',
    labelNames: ['outcome'],
    registers: [app.metrics.registry],
  });
  for (const outcome of OPEN311_OUTCOMES) counted.inc({ outcome }, 0);
  const count = (outcome: Outcome) => counted.inc({ outcome });

  await app.register(fastifyFormbody, { bodyLimit: OPEN311_BODY_LIMIT });
  await app.register(fastifyRateLimit, {
    global: false,
    // NOTE: per client address; the key (if any) is not trusted for this, it is read after the limit.
    keyGenerator: (req) => req.ip,
    errorResponseBuilder: (_req, context) => {
      count('rate_limited');
      return new Open311Error(429, [
        `too many requests from your address: at most ${context.max} a minute; try again in ${context.after}`,
      ]);
    },
  });
  const reads = { rateLimit: { max: config.open311.readsPerMin, timeWindow: 60_000 } };
  const posts = { rateLimit: { max: config.open311.postsPerMin, timeWindow: 60_000 } };

  /** Sends a list (or one object) in the format the path asked for. */
  const send = (
    reply: FastifyReply,
    format: Format,
    root: string,
    item: string,
    rows: Record<string, unknown>[],
  ) =>
    format === 'xml'
      ? reply.type('text/xml; charset=utf-8').send(xmlList(root, item, rows))
      : reply.type('application/json; charset=utf-8').send(rows);

  await app.register(
    async (geo) => {
      geo.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
        const status = err instanceof Open311Error ? err.statusCode : (err.statusCode ?? 500);
        let problems = err instanceof Open311Error ? err.problems : [err.message];
        if (status >= 500 && status !== 503) {
          req.log.error({ err }, 'Open311 request failed');
          problems = ['internal error; see the server log'];
        } else if (status === 503) reply.header('retry-after', '5');
        else if (status === 413) problems = [`the request is larger than ${OPEN311_BODY_LIMIT} bytes`];
        else if (status === 415)
          problems = ['send the fields as application/x-www-form-urlencoded or as a JSON object'];
        const format = /\.xml(\?|$)/.test(req.url) ? 'xml' : 'json';
        const errors = errorList(status, problems);
        if (format === 'xml')
          return reply
            .code(status)
            .type('text/xml; charset=utf-8')
            .send(xmlList('errors', 'error', errors));
        return reply.code(status).send(errors);
      });

      for (const format of ['json', 'xml'] as const) {
        geo.get(
          `/services.${format}`,
          {
            config: reads,
            schema: { summary: `Open311: the services citizens may report (${format})`, tags: ['open311'] },
          },
          async (_req, reply) =>
            send(reply, format, 'services', 'service', [...services.values()].map(serviceView)),
        );
      }

      geo.get<{ Params: { code: string } }>(
        '/services/:code',
        {
          config: reads,
          schema: {
            summary:
              'Open311: one service definition (`/services/{code}.json`); no service has extra attributes',
            tags: ['open311'],
          },
        },
        async (req, reply) => {
          const path = splitFormat(req.params.code);
          if (!path) throw new Open311Error(404, ['ask for /services/{service_code}.json or .xml']);
          if (!services.has(path.name))
            throw new Open311Error(404, [
              `service_code "${path.name.slice(0, 40)}" is not a service of this city`,
            ]);
          // No service asks for extra attributes (metadata: false), so each definition is empty.
          return path.format === 'xml'
            ? reply
                .type('text/xml; charset=utf-8')
                .send(
                  `<?xml version="1.0" encoding="utf-8"?>\n<service_definition><service_code>${path.name}</service_code><attributes></attributes></service_definition>\n`,
                )
            : { service_code: path.name, attributes: [] };
        },
      );

      for (const format of ['json', 'xml'] as const) {
        geo.post(
          `/requests.${format}`,
          {
            config: posts,
            bodyLimit: OPEN311_BODY_LIMIT,
            schema: {
              summary: `Open311: report a problem (${format}); form-encoded or JSON`,
              description:
                'Fields: service_code (required), lat and long (required: addresses cannot be placed offline), ' +
                'description (≤ 4,000 characters), email, first_name, last_name, phone, device_id, account_id, ' +
                'media_url, api_key. Answers `[{ service_request_id, service_notice, account_id, status_url }]`; ' +
                '`status_url` is the reporter’s status page, given only here.',
              tags: ['open311'],
            },
          },
          async (req, reply) => {
            const body = req.body;
            if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
              count('rejected_input');
              throw new Open311Error(400, ['send the fields as form fields or as one JSON object']);
            }
            const fields = {
              ...(req.query as Record<string, unknown>),
              ...((body ?? {}) as Record<string, unknown>),
            };
            // Who sends it: an integration's key (checked before anything else is read), else the address.
            let client = `ip:${req.ip}`;
            const key = typeof fields.api_key === 'string' && fields.api_key !== '' ? fields.api_key : null;
            if (key !== null) {
              const keyId = await open311ApiKeyId(app.pool, key.slice(0, 200));
              if (keyId === null) {
                count('refused_key');
                throw new Open311Error(403, ['api_key: not a valid key (unknown or revoked)']);
              }
              client = `key:${keyId}`;
            } else if (config.open311.apiKeyRequired) {
              count('refused_key');
              throw new Open311Error(403, [
                'api_key: required here; ask the city for a key for your application',
              ]);
            }
            const reading = readServiceRequest(fields, { serviceCodes: new Set(services.keys()), inCity });
            if (!reading.ok) {
              count('rejected_input');
              throw new Open311Error(400, reading.problems);
            }
            const service = services.get(reading.request.serviceCode)!;
            const accepted = await acceptReport(
              reportDeps(app),
              service,
              reading.request,
              client,
              Date.now(),
            );
            count(accepted.merged ? 'merged' : 'created');
            req.log.info(
              { request: accepted.id, incidentId: accepted.incidentId, merged: accepted.merged, client },
              'Open311 report',
            );
            const notice = accepted.merged
              ? 'This problem was already reported nearby: your report was added to it.'
              : `${departmentName(service.department)} will look at it.`;
            reply.header('cache-control', 'no-store');
            return send(reply, format, 'service_requests', 'request', [
              {
                service_request_id: accepted.id,
                service_notice: notice,
                account_id: reading.request.accountId,
                status_url: `${req.protocol}://${req.host}/r/${accepted.token}`,
              },
            ]);
          },
        );

        geo.get(
          `/requests.${format}`,
          {
            config: reads,
            schema: {
              summary: `Open311: reports (${format}), by service_request_id, service_code, start_date, end_date, status`,
              description: `Without dates, the last 90 days; at most ${MAX_REQUESTS_PER_ANSWER}, newest first.`,
              tags: ['open311'],
            },
          },
          async (req, reply) => {
            const reading = readRequestQuery(req.query as Record<string, unknown>, Date.now());
            if (!reading.ok) throw new Open311Error(400, reading.problems);
            const q = reading.query;
            const rows =
              q.kind === 'ids'
                ? await open311RequestsById(app.readPool, q.ids)
                : await searchOpen311Requests(app.readPool, { ...q, limit: MAX_REQUESTS_PER_ANSWER });
            return send(
              reply,
              format,
              'service_requests',
              'request',
              rows.map((r) => requestView(r, services, departmentName)),
            );
          },
        );
      }

      geo.get<{ Params: { id: string } }>(
        '/requests/:id',
        {
          config: reads,
          schema: {
            summary: 'Open311: one report (`/requests/{service_request_id}.json`)',
            tags: ['open311'],
          },
        },
        async (req, reply) => {
          const path = splitFormat(req.params.id);
          if (!path) throw new Open311Error(404, ['ask for /requests/{service_request_id}.json or .xml']);
          const [row] = await open311RequestsById(app.readPool, [path.name]);
          if (!row) throw new Open311Error(404, [`service_request_id "${path.name.slice(0, 40)}" not found`]);
          return send(reply, path.format, 'service_requests', 'request', [
            requestView(row, services, departmentName),
          ]);
        },
      );
    },
    { prefix: '/open311/v2' },
  );

  // The reporter's status page: HTML (and JSON at /r/<token>.json), no sign-in, nothing else of the city.
  await app.register(async (page) => {
    page.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
      const status = err instanceof Open311Error ? err.statusCode : (err.statusCode ?? 500);
      if (status >= 500) req.log.error({ err }, 'status page failed');
      const message =
        status === 429
          ? err.message
          : status === 503
            ? 'The service cannot read its records just now; try again in a minute.'
            : (STATUS_CODES[status] ?? 'Error');
      return reply
        .code(status)
        .headers(STATUS_PAGE_HEADERS)
        .type('text/html; charset=utf-8')
        .send(refusedHtml(message));
    });

    page.get<{ Params: { token: string } }>(
      '/r/:token',
      {
        config: reads,
        schema: {
          summary: 'The reporter’s status page of one report (HTML; `/r/{token}.json` for JSON)',
          tags: ['open311'],
        },
      },
      async (req: FastifyRequest<{ Params: { token: string } }>, reply) => {
        reply.headers(STATUS_PAGE_HEADERS);
        const json = req.params.token.endsWith('.json');
        const token = json ? req.params.token.slice(0, -5) : req.params.token;
        const row = TOKEN.test(token) ? await open311RequestByToken(app.readPool, secretHash(token)) : null;
        if (!row) {
          return json
            ? reply.code(404).send({ error: 'Not Found', message: 'there is no report at this address' })
            : reply.code(404).type('text/html; charset=utf-8').send(notFoundHtml());
        }
        const view = await statusView(row);
        if (json)
          return {
            ...view,
            requestedAt: new Date(row.requestedAt).toISOString(),
            history: view.history.map((s) => ({ at: new Date(s.at).toISOString(), text: s.text })),
          };
        const { manifest } = app.city;
        return reply.type('text/html; charset=utf-8').send(
          statusPageHtml({
            ...view,
            requestedAt: row.requestedAt,
            cityName: manifest.name,
            timeZone: manifest.timezone,
            locale: manifest.locale,
          }),
        );
      },
    );
  });

  async function statusView(row: Open311RequestWithIncident) {
    const detail = await getIncident(app.readPool, row.incidentId);
    const history = reportHistory(row, detail?.timeline ?? [], departmentName);
    return {
      requestId: row.id,
      serviceName: services.get(row.serviceCode)?.name ?? row.serviceCode,
      description: row.description,
      status: requestStatus(row),
      history,
    };
  }
}
