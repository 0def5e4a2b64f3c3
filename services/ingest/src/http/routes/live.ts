import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DEPARTMENT_ID_PATTERN, WHOLE_CITY } from '@twin/domain';
import type { LiveHub } from '../../live/live-hub.js';
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

const DEPARTMENT = new RegExp(DEPARTMENT_ID_PATTERN);

/** `/api/v1/live`: a snapshot (or a resume), then ordered changes (protocol in packages/domain/src/live-protocol.ts). */
export const liveRoutes: FastifyPluginAsyncTypebox<{ hub: LiveHub }> = async (app, { hub }) => {
  app.get(
    '/live',
    {
      websocket: true,
      schema: {
        summary: 'Live WebSocket: a snapshot or a resume, then ordered changes',
        querystring: LiveQuery,
      },
      // NOTE: bad parameters are refused before the upgrade, with a 400 saying which.
      preValidation: async (req) => {
        const q = req.query as { departments?: string; bbox?: string };
        if (q.departments !== undefined) {
          const bad = q.departments.split(',').filter((d) => !DEPARTMENT.test(d));
          if (bad.length > 0)
            throw new BadRequestError(
              `departments: not department ids: ${bad.map((d) => JSON.stringify(d)).join(', ')}`,
            );
        }
        parseBbox('bbox', q.bbox);
      },
    },
    (socket, req) => {
      const q = req.query;
      const departments = q.departments ? new Set(q.departments.split(',')) : null;
      const bbox = parseBbox('bbox', q.bbox) ?? null;
      // NOTE: the protocol is server → client only; anything a client sends is ignored, not parsed.
      socket.on('close', () => hub.remove(socket));
      socket.on('error', () => hub.remove(socket));
      void hub.add(socket, {
        since: q.since ?? null,
        filter: { ...WHOLE_CITY, departments, bbox, readings: q.readings !== 'none' },
      });
    },
  );
};
