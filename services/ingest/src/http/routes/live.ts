import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import { DEPARTMENT_ID_REGEX, WHOLE_CITY } from '@twin/domain';
import type { LiveHub, LiveRequest } from '../../live/live-hub.js';
import { BadRequestError } from '../errors.js';
import { parseBbox } from '../query-params.js';

const LiveQuery = Type.Object(
  {
    since: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'The last seq this client holds: it gets what it missed, or a snapshot if that was pruned',
      }),
    ),
    departments: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: 'Only incidents, sensors and readings of these departments (comma-separated ids)',
      }),
    ),
    bbox: Type.Optional(Type.String({ description: 'Only this box: west,south,east,north in degrees' })),
    readings: Type.Optional(
      Type.Union([Type.Literal('all'), Type.Literal('none')], {
        description: 'none: incidents and sensor changes only',
      }),
    ),
  },
  { additionalProperties: false },
);

type LiveQueryValue = Static<typeof LiveQuery>;

/** The subscription a query asks for; a BadRequestError names what is wrong. */
function liveRequestOf(q: LiveQueryValue): LiveRequest {
  let departments: Set<string> | null = null;
  if (q.departments !== undefined) {
    const list = q.departments.split(',');
    const bad = list.filter((d) => !DEPARTMENT_ID_REGEX.test(d));
    if (bad.length > 0)
      throw new BadRequestError(
        `departments: not department ids: ${bad.map((d) => JSON.stringify(d)).join(', ')}`,
      );
    departments = new Set(list);
  }
  const bbox = parseBbox('bbox', q.bbox) ?? null;
  return {
    since: q.since ?? null,
    filter: { ...WHOLE_CITY, departments, bbox, readings: q.readings !== 'none' },
  };
}

/** The close code of a live socket whose credentials ended: like HTTP 401, in the application range. */
export const LIVE_CLOSE_UNAUTHORIZED = 4401;

/** `/api/v1/live`: a snapshot (or a resume), then ordered changes (protocol in packages/domain/src/live-protocol.ts). */
export const liveRoutes: FastifyPluginAsyncTypebox<{ hub: LiveHub }> = async (app, { hub }) => {
  // The subscription of each upgrade request, read once before the upgrade.
  const requests = new WeakMap<object, LiveRequest>();
  app.get(
    '/live',
    {
      websocket: true,
      schema: {
        summary: 'Live WebSocket: a snapshot or a resume, then ordered changes',
        querystring: LiveQuery,
      },
      // NOTE: after the schema checks and before the upgrade: a bad parameter gets a 400 saying which.
      preHandler: async (req) => {
        requests.set(req, liveRequestOf(req.query as LiveQueryValue));
      },
    },
    (socket, req) => {
      // The preHandler above ran for this request.
      const request = requests.get(req)!;
      // NOTE: the protocol is server → client only; anything a client sends is ignored, not parsed.
      // A sign-out, a revoked kiosk link or token, or a disabled user closes the socket within
      // LIVE_AUTH_RECHECK_MS, on every instance (the check reads the database).
      const credential = req.credential;
      const recheck =
        credential === null
          ? null
          : setInterval(() => {
              app.accounts.stillValid(credential).then(
                (valid) => {
                  if (!valid) socket.close(LIVE_CLOSE_UNAUTHORIZED, 'signed out or revoked: sign in again');
                },
                // An outage is not a sign-out: the socket stays, and the next check asks again.
                () => {},
              );
            }, app.config.liveAuthRecheckMs);
      recheck?.unref();
      const gone = () => {
        if (recheck) clearInterval(recheck);
        hub.remove(socket);
      };
      socket.on('close', gone);
      socket.on('error', gone);
      void hub.add(socket, request);
    },
  );
};
