import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DeadLetterPageSchema } from '@twin/domain';
import { listDeadLetters } from '../../db/dead-letters.js';
import { encodeCursor, parseCursor } from '../cursor.js';
import { parseWindow } from '../query-params.js';
import { ErrorResponse, WindowQueryProps } from '../schemas.js';

/** Filters are substrings: longer than this is not a search, only a way to make the server work. */
const MAX_FILTER_CHARS = 200;

export const deadLetterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/dead-letters',
    {
      schema: {
        summary: 'Rejected messages, newest first, with the reason (payloads truncated to 4 KiB)',
        description:
          "Paged newest first by (time received, id). Pass the answer's `next` as `cursor` for the next (older) " +
          'page; `next` is null on the last page. Following `next` from the first page returns every dead letter ' +
          'that existed when you started exactly once; newer ones go before the first page. `reason` and `topic` ' +
          'keep those whose reason or topic contains the text (case-insensitive); `from`/`to` limit the time ' +
          'received (both ends included). `total` counts every dead letter the filters match, whatever the page. ' +
          'Keep the filters the same while following a cursor.',
        querystring: Type.Object(
          {
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'page size' }),
            cursor: Type.Optional(
              Type.String({
                maxLength: 64,
                description: "the previous page's `next`; absent for the first page",
              }),
            ),
            reason: Type.Optional(
              Type.String({
                maxLength: MAX_FILTER_CHARS,
                description: 'only dead letters whose reason contains this text (case-insensitive)',
              }),
            ),
            topic: Type.Optional(
              Type.String({
                maxLength: MAX_FILTER_CHARS,
                description: 'only dead letters whose topic contains this text (case-insensitive)',
              }),
            ),
            ...WindowQueryProps,
          },
          // NOTE: an unknown parameter (e.g. `before`, the id-based paging this replaced) is a 400 naming it,
          // not silently ignored: a client looping on a page that never moves would never end.
          { additionalProperties: false },
        ),
        response: {
          200: DeadLetterPageSchema,
          400: ErrorResponse,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const { from, to } = parseWindow(q);
      const after = parseCursor('cursor', q.cursor);
      const page = await listDeadLetters(app.readPool, {
        limit: q.limit,
        after,
        reason: q.reason,
        topic: q.topic,
        from,
        to,
      });
      return { total: page.total, next: page.next && encodeCursor(page.next), items: page.items };
    },
  );
};
