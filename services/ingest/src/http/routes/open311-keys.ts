/**
 * Admin API of Open311 API keys (mounted under /api/v1/admin, behind the admin role; docs/open311.md). A key
 * is returned once, by the POST that creates it; only its sha256 is kept. With OPEN311_API_KEY_REQUIRED a
 * report needs a key that stands; revoked, it is refused (403) at once.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { SINGLE_LINE_TEXT_RULE } from '@twin/domain';
import { createOpen311ApiKey, listOpen311ApiKeys, revokeOpen311ApiKey } from '../../db/open311-keys.js';
import { NotFoundError } from '../errors.js';
import { ErrorResponse } from '../schemas.js';

const KeySchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
});
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

export const open311KeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', async (_req, reply) => {
    // Answers carry a secret or the list of who may report: never cached anywhere.
    reply.header('cache-control', 'no-store');
  });

  app.get(
    '/open311/keys',
    {
      schema: {
        summary: 'Open311 API keys that stand (never the keys themselves)',
        response: { 200: Type.Object({ keys: Type.Array(KeySchema) }), ...errors },
      },
    },
    async () => ({ keys: await listOpen311ApiKeys(app.pool) }),
  );

  app.post(
    '/open311/keys',
    {
      schema: {
        summary:
          'Create an Open311 API key for one integration; the response holds the key, shown only this once',
        description: 'The integration sends it as the `api_key` field of its reports.',
        body: Type.Object(
          {
            label: Type.String({
              minLength: 1,
              maxLength: 200,
              pattern: SINGLE_LINE_TEXT_RULE.pattern,
              description: `who uses it (an app's name): ${SINGLE_LINE_TEXT_RULE.description}`,
            }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ ...KeySchema.properties, key: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const created = await createOpen311ApiKey(app.pool, req.body.label.trim(), req.principal!.username);
      req.log.info({ key: created.id, by: req.principal!.username }, 'Open311 API key created');
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/open311/keys/:id',
    {
      schema: {
        summary: 'Revoke an Open311 API key: reports with it are refused from now on',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: Type.Null(), 404: ErrorResponse, ...errors },
      },
    },
    async (req, reply) => {
      if (!(await revokeOpen311ApiKey(app.pool, req.params.id)))
        throw new NotFoundError('Open311 API key', req.params.id);
      req.log.info({ key: req.params.id, by: req.principal!.username }, 'Open311 API key revoked');
      return reply.code(204).send(null);
    },
  );
};
