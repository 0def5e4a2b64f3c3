import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listDeadLetters } from '../../db/queries.js';
import type { AppContext } from '../context.js';

export const deadLetterRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/dead-letters',
    {
      schema: {
        summary: 'Rejected messages, newest first, with the reason (payloads truncated to 4 KiB)',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) }),
        response: {
          200: Type.Object({
            total: Type.Integer(),
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
        },
      },
    },
    async (req) => listDeadLetters(ctx.pool, req.query.limit),
  );
};
