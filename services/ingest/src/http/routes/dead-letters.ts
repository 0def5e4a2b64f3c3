import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listDeadLetters } from '../../db/queries.js';
import { parseWindow } from '../query-params.js';
import { ErrorResponse, WindowQueryProps } from '../schemas.js';

export const deadLetterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/dead-letters',
    {
      schema: {
        summary: 'Rejected messages, newest first, with the reason (payloads truncated to 4 KiB)',
        description:
          "Keyset paging: pass the answer's `nextBefore` as `before` for the next (older) page; `nextBefore` is " +
          'null on the last page. `from`/`to` limit the time the message was received (both ends included); ' +
          '`total` counts every dead letter in that window, whatever the page.',
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
          before: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: Number.MAX_SAFE_INTEGER,
              description: "only dead letters with an id below this (the previous page's nextBefore)",
            }),
          ),
          ...WindowQueryProps,
        }),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            nextBefore: Type.Union([Type.Integer(), Type.Null()], {
              description: 'the `before` of the next page, or null when there is none',
            }),
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                receivedAt: Type.Number(),
                topic: Type.String(),
                reason: Type.String(),
                payload: Type.String(),
                payloadBytes: Type.Integer(),
              }),
            ),
          }),
          400: ErrorResponse,
        },
      },
    },
    async (req) => {
      const { from, to } = parseWindow(req.query);
      return listDeadLetters(app.readPool, { limit: req.query.limit, before: req.query.before, from, to });
    },
  );
};
